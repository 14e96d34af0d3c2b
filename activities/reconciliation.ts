import { Context, log } from '@temporalio/activity';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { AmoClient, AmoDeal } from '../amocrm';
import { toActivityFailure } from '../amocrm';
import { AmoDealStage, AmoLeadId } from '../temporal/search-attributes';
import { dealChangedSignal } from '../workflows/order/deal-contract';
import type { ReconciliationResult } from '../workflows/reconciliation/contract';
import { ActivityAttempt } from './activity-attempt';
import { reconciliationGaps, reconciliationLastRun } from '../metrics/registry';

export interface ReconciliationDeps {
  client: Client;
  amo: AmoClient;
  ordersTaskQueue: string;
  /** The stage a new deal starts in: what an order that never saw a move has "seen". */
  initialStatusId: () => Promise<number>;
  /** amoCRM reads at most 250 deals per request. */
  batchSize?: number;
  /** Between two reads: the reconciliation takes at most one request in this time, new orders the rest of the budget. */
  pauseMs?: number;
}

const SIGNALS_AT_ONCE = 20;

interface OpenOrder {
  workflowId: string;
  leadId: number;
  seenStatusId?: number;
}

/**
 * Fills the gaps lost webhooks leave: every open stage-2 order's deal is read from amoCRM, in
 * batches of up to 250 ids per request, and an order whose workflow last saw another stage gets
 * the deal as it is now (a `dealChanged` signal; the workflow ignores what it has seen already).
 */
export function createReconciliationActivities({ client, amo, ordersTaskQueue, initialStatusId, batchSize = 250, pauseMs = 1_000 }: ReconciliationDeps) {
  return {
    async reconcileDealStages(): Promise<ReconciliationResult> {
      const activity = Context.current();
      const attempt = new ActivityAttempt(activity, amo.requestTimeoutMs);
      try {
        const guarded = amo.forAttempt(attempt);
        // Listing thousands of orders takes a while: it heartbeats too, or the attempt counts as lost.
        const orders = await openStage2Orders(client, ordersTaskQueue, (listed) => activity.heartbeat({ listed }));
        const initial = await initialStatusId();
        const result: ReconciliationResult = { orders: orders.length, requests: 0, signalled: 0, missingDeals: 0 };
        for (let i = 0; i < orders.length; i += batchSize) {
          if (i > 0) await new Promise((r) => setTimeout(r, pauseMs));
          const batch = orders.slice(i, i + batchSize);
          const before = amo.requestCount;
          const deals = new Map((await guarded.getDeals(batch.map((o) => o.leadId))).map((d) => [d.id, d]));
          result.requests += amo.requestCount - before;
          const behind: { order: OpenOrder; deal: AmoDeal }[] = [];
          for (const order of batch) {
            const deal = deals.get(order.leadId);
            if (!deal) result.missingDeals += 1;
            else if (deal.statusId !== (order.seenStatusId ?? initial)) behind.push({ order, deal });
          }
          reconciliationGaps.inc(behind.length);
          // Signals go out SIGNALS_AT_ONCE at a time: one by one, a thousand behind orders took minutes.
          for (let j = 0; j < behind.length; j += SIGNALS_AT_ONCE) {
            const sent = await Promise.all(
              behind.slice(j, j + SIGNALS_AT_ONCE).map(({ order, deal }) =>
                client.workflow
                  .getHandle(order.workflowId)
                  .signal(dealChangedSignal, { leadId: deal.id, statusId: deal.statusId, pipelineId: deal.pipelineId, price: deal.price, modifiedAt: deal.updatedAt, source: 'reconciliation' })
                  .then(
                    () => 'signalled' as const,
                    (err: unknown) => {
                      // Finished since it was listed (Success, Refusal): nothing to catch up.
                      if (err instanceof WorkflowNotFoundError) return 'finished' as const;
                      // One order refusing (its signal limit, a timeout) must not stop the others: the next run tries it again.
                      log.warn('Reconciliation could not signal an order', { workflowId: order.workflowId, error: err instanceof Error ? err.message : String(err) });
                      return 'failed' as const;
                    },
                  ),
              ),
            );
            result.signalled += sent.filter((s) => s === 'signalled').length;
            result.failed = (result.failed ?? 0) + sent.filter((s) => s === 'failed').length;
          }
          activity.heartbeat({ done: i + batch.length, of: orders.length });
        }
        reconciliationLastRun.setToCurrentTime();
        return result;
      } catch (err) {
        throw toActivityFailure(err);
      } finally {
        attempt.end();
      }
    },
  };
}

async function openStage2Orders(client: Client, ordersTaskQueue: string, progress: (listed: number) => void): Promise<OpenOrder[]> {
  const query = `WorkflowType = "orderWorkflow" AND ExecutionStatus = "Running" AND IntegrationStage > 1 AND TaskQueue = "${ordersTaskQueue}"`;
  const orders: OpenOrder[] = [];
  for await (const wf of client.workflow.list({ query })) {
    const leadId = wf.typedSearchAttributes.get(AmoLeadId);
    if (leadId === undefined) continue; // no deal yet: nothing to compare
    const seen = wf.typedSearchAttributes.get(AmoDealStage);
    orders.push({ workflowId: wf.workflowId, leadId, ...(seen === undefined ? {} : { seenStatusId: Number(seen) }) });
    if (orders.length % 500 === 0) progress(orders.length);
  }
  return orders;
}

export type ReconciliationActivities = ReturnType<typeof createReconciliationActivities>;
