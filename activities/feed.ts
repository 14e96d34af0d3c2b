import { heartbeat, log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Company1Client, OrderFeedRead, OrderFeedRequest } from '../company1/client';
import { Company1Error, toActivityFailure } from '../company1/errors';
import type { Order, UnreadableOrder } from '../company1/schemas';
import { type OrderStartSettings, startOrderWorkflow } from '../client/order-start';
import type { FeedPollInput, FeedPollResult } from '../workflows/feed/contract';
import { feedLastPoll, feedOrdersHandedOver } from '../metrics/registry';

export interface FeedDeps {
  client: Client;
  company1: Company1Client;
  startSettings: OrderStartSettings;
  pageSize?: number;
  /** How far back a poll reads again when Company 1 refuses its cursor. Default 24 h. */
  cursorLostLookbackMs?: number;
}

/** Where a page is read from: a cursor Company 1 issued, or a point in time (first run, lost cursor). */
type FeedPosition = Pick<OrderFeedRequest, 'cursor' | 'changedSince'>;

/** The poll result lists this many unreadable items at most (it counts them all). */
const UNREADABLE_LISTED = 20;

/** Company 1 signs its cursors: one it never issued (an older release's, a by-hand edit) is a 400 naming `cursor`. */
const cursorRefused = (err: unknown) => err instanceof Company1Error && err.status === 400 && err.fields.includes('cursor');

export function createFeedActivities({ client, company1, startSettings, pageSize = 100, cursorLostLookbackMs = 24 * 3_600_000 }: FeedDeps) {
  // The position goes into the schedule's own action arguments: Temporal is the store,
  // and the next run resumes exactly where this page ended.
  async function savePosition(scheduleId: string | undefined, position: FeedPosition) {
    if (!scheduleId || (!position.cursor && !position.changedSince)) return;
    const next: FeedPollInput = position.cursor ? { cursor: position.cursor, scheduleId } : { changedSince: position.changedSince, scheduleId };
    await client.schedule.getHandle(scheduleId).update((schedule) => {
      if (schedule.action.type !== 'startWorkflow') return schedule;
      return { ...schedule, action: { ...schedule.action, args: [next] } };
    });
  }

  /**
   * Re-reading is harmless (starting an order workflow is idempotent), so a refused cursor means
   * reading again from a lookback, once per poll, rather than a feed that stops for good.
   */
  async function readPage(at: FeedPosition, canRestart: boolean): Promise<{ page: OrderFeedRead; readFrom: FeedPosition; restarted: boolean }> {
    const read = (from: FeedPosition) => company1.readOrderFeed({ ...from, limit: pageSize });
    try {
      return { page: await read(at), readFrom: at, restarted: false };
    } catch (err) {
      if (!(canRestart && at.cursor !== undefined && cursorRefused(err))) throw toActivityFailure(err);
      const lookback: FeedPosition = { changedSince: new Date(Date.now() - cursorLostLookbackMs).toISOString() };
      log.warn('Company 1 refused the feed cursor; reading the feed again from a lookback', { cursor: at.cursor, ...lookback });
      const page = await read(lookback).catch((e: unknown) => Promise.reject(toActivityFailure(e)));
      return { page, readFrom: lookback, restarted: true };
    }
  }

  /** Orders that already carry a deal id, or that Company 1 rejected, need nothing. */
  async function handOver(order: Order): Promise<boolean> {
    if (order.additionalInfo.externalId !== undefined || order.status === 'rejected') return false;
    const started = await startOrderWorkflow(client, startSettings, { orderId: order.id, userId: order.userId || undefined, serviceName: order.service.name, snapshot: order, via: 'feed' });
    return started.outcome === 'running';
  }

  /**
   * An order Company 1 sent wrong is started without its snapshot: its workflow reads the order
   * itself, fails to read it (Company1BadResponse naming the fields), flags it and waits for an
   * operator. Without a usable id there is nothing to start: the poll result names its fields.
   */
  async function handOverUnreadable(item: UnreadableOrder): Promise<boolean> {
    if (item.orderId === undefined) {
      log.error("An item of Company 1's order feed has no usable order id and is skipped", { fields: item.fields });
      return false;
    }
    const started = await startOrderWorkflow(client, startSettings, { orderId: item.orderId, via: 'feed' });
    log.warn("An order in Company 1's feed does not match the contract; its workflow reads it and flags it", { orderId: item.orderId, fields: item.fields, outcome: started.outcome });
    return started.outcome === 'running';
  }

  return {
    async pollOrderFeed(input: FeedPollInput): Promise<FeedPollResult> {
      let position: FeedPosition = input.cursor ? { cursor: input.cursor } : { changedSince: input.changedSince };
      let canRestart = true;
      const result = { ordersSeen: 0, ordersHandedOver: 0, itemsUnreadable: 0, unreadable: [] as UnreadableOrder[] };
      for (;;) {
        const { page, readFrom, restarted } = await readPage(position, canRestart);
        if (restarted) canRestart = false;
        for (const item of page.items) {
          result.ordersSeen += 1;
          if (!item.ok) {
            const { ok: _ok, ...unreadable } = item;
            result.itemsUnreadable += 1;
            if (result.unreadable.length < UNREADABLE_LISTED) result.unreadable.push(unreadable);
          }
          if (await (item.ok ? handOver(item.order) : handOverUnreadable(item))) result.ordersHandedOver += 1;
        }
        // An empty page has no cursor of its own: keep reading from where this one was read.
        position = page.nextCursor ? { cursor: page.nextCursor } : readFrom;
        await savePosition(input.scheduleId, position);
        heartbeat(position);
        if (page.items.length < pageSize) break;
      }
      feedLastPoll.setToCurrentTime();
      feedOrdersHandedOver.inc(result.ordersHandedOver);
      log.info('Order feed polled', result);
      return { cursor: position.cursor, ...result };
    },
  };
}

export type FeedActivities = ReturnType<typeof createFeedActivities>;
