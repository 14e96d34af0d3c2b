import { heartbeat } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
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
    /** How many orders in scope have no deal, how many have one, and the newest one's creation time (Company 1's feed, read once). */
    async countBackfillOrders(input: BackfillScope): Promise<{ withoutDeal: number; withDeal: number; newestCreatedAt?: string }> {
      const seen = new Map<string, boolean>();
      let newest: string | undefined;
      let cursor: string | undefined;
      for (;;) {
        const page = await read({ cursor, since: input.since }, PAGE);
        for (const item of page.items) {
          // An unreadable order is handed over too (its workflow flags it): it counts as without a deal.
          if (!item.ok) {
            if (item.orderId !== undefined) seen.set(item.orderId, true);
          } else if (inScope(item.order, input)) {
            seen.set(item.order.id, needsDeal(item.order));
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
      const result: BackfillPage = { running: [], skipped: 0, ended: 0, exhausted: page.items.length < input.limit || !page.nextCursor, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
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
        const started = await startOrderWorkflow(
          client,
          startSettings,
          item.ok ? { orderId, userId: item.order.userId || undefined, serviceName: item.order.service.name, snapshot: item.order, via: 'backfill' } : { orderId, via: 'backfill' },
        );
        if (started.outcome === 'running') result.running.push(orderId);
        else result.ended += 1;
      }
      return result;
    },

    /** Which of these orders have their deal now, and which wait for an operator (flagged, or ended without one). */
    async checkBackfillOrders(orderIds: string[]): Promise<BackfillCheck> {
      const check: BackfillCheck = { withDeal: [], needingAttention: [] };
      for (let i = 0; i < orderIds.length; i += IDS_PER_QUERY) {
        const ids = orderIds.slice(i, i + IDS_PER_QUERY).map((id) => `"${orderWorkflowId(id)}"`);
        for await (const wf of client.workflow.list({ query: `WorkflowId IN (${ids.join(', ')})` })) {
          const orderId = orderIdFromWorkflowId(wf.workflowId);
          if (orderId === undefined) continue;
          if (wf.typedSearchAttributes.get(AmoLeadId) !== undefined) check.withDeal.push(orderId);
          else if (wf.status.name !== 'RUNNING' || wf.typedSearchAttributes.get(NeedsAttention) === true) check.needingAttention.push(orderId);
        }
      }
      return check;
    },
  };
}

export type BackfillActivities = ReturnType<typeof createBackfillActivities>;
