import { heartbeat } from '@temporalio/activity';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import type { Company1Client } from '../company1/client';
import { toActivityFailure } from '../company1/errors';
import type { Order } from '../company1/schemas';
import { type OrderStartSettings, startOrderWorkflow } from '../client/order-start';
import { AmoLeadId, NeedsAttention } from '../temporal/search-attributes';
import type { BackfillCheck, BackfillPage, BackfillScope } from '../workflows/backfill/contract';
import { orderIdFromWorkflowId, orderWorkflowId } from '../workflows/ids';

export interface BackfillDeps {
  client: Client;
  company1: Company1Client;
  startSettings: OrderStartSettings;
}

const PAGE = 100;
const IDS_PER_QUERY = 100;
/** Order workflows started at once while handing over a page. */
const STARTS_AT_ONCE = 10;

/**
 * `work` over `items`, at most `n` at a time; results in the items' order. A failure fails the whole
 * call, but only once every call already under way has ended (none is left running unseen).
 */
async function mapAtMost<T, R>(items: T[], n: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let failure: { err: unknown } | undefined;
  const runner = async () => {
    while (next < items.length && !failure) {
      const at = next++;
      try {
        results[at] = await work(items[at]!);
      } catch (err) {
        failure ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, runner));
  if (failure) throw failure.err;
  return results;
}

/** A deal exists once it is written back (externalId); Company 1's rejected orders need none. */
const needsDeal = (order: Order) => order.additionalInfo.externalId === undefined && order.status !== 'rejected';
/** The backfill's orders: created from `since` until the backfill started (later ones are the live system's). */
const inScope = (order: Order, scope: BackfillScope) => {
  const created = Date.parse(order.createdAt);
  return created >= Date.parse(scope.since) && (scope.until === undefined || created <= Date.parse(scope.until));
};

export function createBackfillActivities({ client, company1, startSettings }: BackfillDeps) {
  const read = (at: { cursor?: string; since: string }, limit: number) =>
    company1.readOrderFeed(at.cursor ? { cursor: at.cursor, limit } : { changedSince: at.since, limit }).catch((err: unknown) => Promise.reject(toActivityFailure(err)));

  return {
    /** How many orders in scope have no deal, how many have one (or are known done), and the newest one's creation time (Company 1's feed, read once). */
    async countBackfillOrders(input: BackfillScope & { knownDone?: string[] }): Promise<{ withoutDeal: number; withDeal: number; newestCreatedAt?: string }> {
      const seen = new Map<string, boolean>();
      // Orders whose deal the backfill saw created a moment ago: their write-back to Company 1 may be on its way.
      const knownDone = new Set(input.knownDone ?? []);
      let newest: string | undefined;
      let cursor: string | undefined;
      for (;;) {
        const page = await read({ cursor, since: input.since }, PAGE);
        for (const item of page.items) {
          // An unreadable order is handed over too (its workflow flags it): it counts as without a deal.
          if (!item.ok) {
            if (item.orderId !== undefined) seen.set(item.orderId, true);
          } else if (inScope(item.order, input)) {
            seen.set(item.order.id, needsDeal(item.order) && !knownDone.has(item.order.id));
            if (newest === undefined || Date.parse(item.order.createdAt) > Date.parse(newest)) newest = item.order.createdAt;
          }
        }
        heartbeat({ counted: seen.size });
        if (page.items.length < PAGE || !page.nextCursor) break;
        cursor = page.nextCursor;
      }
      const withoutDeal = [...seen.values()].filter(Boolean).length;
      return { withoutDeal, withDeal: seen.size - withoutDeal, ...(newest ? { newestCreatedAt: newest } : {}) };
    },

    /** Starts the order workflows of one page's orders that have no deal (idempotent: an existing one is kept). */
    async handOverBackfillPage(input: BackfillScope & { cursor?: string; limit: number }): Promise<BackfillPage> {
      const page = await read(input, input.limit);
      // An order older than the namespace's retention may have had a workflow that created its deal and
      // is forgotten now (terminated before its write-back): its new workflow looks for that deal first.
      const retention = await client.workflowService.describeNamespace({ namespace: client.options.namespace });
      const retentionMs = Number(retention.config?.workflowExecutionRetentionTtl?.seconds ?? 0) * 1000;
      const forgotten = (order: Order) => Date.now() - Date.parse(order.createdAt) > retentionMs - 3_600_000;
      const result: BackfillPage = { running: [], skipped: 0, ended: 0, exhausted: page.items.length < input.limit || !page.nextCursor, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
      const toStart: Array<{ orderId: string; start: Parameters<typeof startOrderWorkflow>[2] }> = [];
      for (const item of page.items) {
        if (item.ok && (!inScope(item.order, input) || !needsDeal(item.order))) {
          result.skipped += 1;
          continue;
        }
        if (!item.ok && item.orderId === undefined) {
          result.skipped += 1; // no usable id: the feed poller's log names its fields
          continue;
        }
        const orderId = item.ok ? item.order.id : item.orderId!;
        toStart.push({
          orderId,
          start: item.ok
            ? { orderId, userId: item.order.userId || undefined, serviceName: item.order.service.name, snapshot: item.order, via: 'backfill', lookUpDealFirst: forgotten(item.order) }
            : { orderId, via: 'backfill', lookUpDealFirst: true },
        });
      }
      // Started a few at a time: one after the other, a page of 100 took seconds on a busy server and
      // left the window half empty. Each start is idempotent, so a retried page starts nothing twice.
      const outcomes = await mapAtMost(toStart, STARTS_AT_ONCE, (o) => startOrderWorkflow(client, startSettings, o.start));
      toStart.forEach(({ orderId }, i) => {
        if (outcomes[i]!.outcome === 'running') result.running.push(orderId);
        else result.ended += 1;
      });
      return result;
    },

    /**
     * Which of these orders have their deal now, and which ended without one (failed, terminated: an
     * operator's). A flagged order still running stays in flight: its workflow retries (amoCRM down, a
     * blocked account) and leaving it would let the backfill hand over more and more orders meanwhile.
     */
    async checkBackfillOrders(orderIds: string[]): Promise<BackfillCheck> {
      const check: BackfillCheck = { withDeal: [], ended: [], flagged: 0 };
      // Ids are Company 1's; one a query cannot quote is an operator's (its workflow id is unusual anyway).
      const quotable = orderIds.filter((id) => /^[\w.:-]+$/.test(id));
      check.ended.push(...orderIds.filter((id) => !quotable.includes(id)));
      for (let i = 0; i < quotable.length; i += IDS_PER_QUERY) {
        const ids = quotable.slice(i, i + IDS_PER_QUERY).map((id) => `"${orderWorkflowId(id)}"`);
        // Earlier runs of the same id (continued as new, restarted) are listed too: the newest one counts.
        const newest = new Map<string, WorkflowExecutionInfo>();
        for await (const wf of client.workflow.list({ query: `WorkflowId IN (${ids.join(', ')})` })) {
          const seen = newest.get(wf.workflowId);
          if (!seen || wf.startTime > seen.startTime) newest.set(wf.workflowId, wf);
        }
        for (const wf of newest.values()) {
          const orderId = orderIdFromWorkflowId(wf.workflowId);
          if (orderId === undefined) continue;
          if (wf.typedSearchAttributes.get(AmoLeadId) !== undefined) check.withDeal.push(orderId);
          else if (wf.status.name !== 'RUNNING') check.ended.push(orderId);
          else if (wf.typedSearchAttributes.get(NeedsAttention) === true) check.flagged += 1;
        }
      }
      return check;
    },
  };
}

export type BackfillActivities = ReturnType<typeof createBackfillActivities>;
