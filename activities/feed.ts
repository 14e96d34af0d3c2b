import { heartbeat, log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { type Company1Client } from '../company1/client';
import { toActivityFailure } from '../company1/errors';
import { type OrderStartSettings, startOrderWorkflow } from '../client/order-start';
import type { FeedPollInput, FeedPollResult } from '../workflows/feed/contract';

export interface FeedDeps {
  client: Client;
  company1: Company1Client;
  startSettings: OrderStartSettings;
  pageSize?: number;
}

export function createFeedActivities({ client, company1, startSettings, pageSize = 100 }: FeedDeps) {
  // The cursor goes into the schedule's own action arguments: Temporal is the store,
  // and the next run resumes exactly where this page ended.
  async function saveCursor(scheduleId: string | undefined, cursor: string | undefined) {
    if (!scheduleId || !cursor) return;
    await client.schedule.getHandle(scheduleId).update((schedule) => {
      if (schedule.action.type !== 'startWorkflow') return schedule;
      return { ...schedule, action: { ...schedule.action, args: [{ cursor, scheduleId }] } };
    });
  }

  return {
    async pollOrderFeed(input: FeedPollInput): Promise<FeedPollResult> {
      let cursor = input.cursor;
      let ordersSeen = 0;
      let ordersHandedOver = 0;
      for (;;) {
        const page = await company1
          .listOrders({ cursor, changedSince: cursor ? undefined : input.changedSince, limit: pageSize })
          .catch((err: unknown) => Promise.reject(toActivityFailure(err)));
        for (const order of page.items) {
          ordersSeen += 1;
          // Orders that already carry a deal id, or that Company 1 rejected, need nothing.
          if (order.additionalInfo.externalId !== undefined || order.status === 'rejected') continue;
          const started = await startOrderWorkflow(client, startSettings, { orderId: order.id, userId: order.userId || undefined, serviceName: order.service.name, snapshot: order });
          if (started.outcome === 'running') ordersHandedOver += 1;
        }
        cursor = page.nextCursor ?? cursor;
        await saveCursor(input.scheduleId, cursor);
        heartbeat(cursor);
        if (page.items.length < pageSize) break;
      }
      log.info('Order feed polled', { ordersSeen, ordersHandedOver });
      return { cursor, ordersSeen, ordersHandedOver };
    },
  };
}

export type FeedActivities = ReturnType<typeof createFeedActivities>;
