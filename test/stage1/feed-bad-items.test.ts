import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Order } from '../../company1/schemas';
import type { OrderCorruption } from '../../sandbox/company1/order-corruption';
import { NeedsAttention } from '../../temporal/search-attributes';
import { orderWorkflowId } from '../../workflows/ids';
import { stateQuery } from '../../workflows/order/contract';
import { pausedFeedSchedule, pollFeed } from '../support/feed';
import { customerOrder, useStage1 } from '../support/stage1';
import { eventually, orderWorkflowHandle } from '../support/wait';

// Every order here reaches the feed only: Company 1's notifications are lost (dropNotifications).
// Orders close after 10 min, so nothing changes them during a test but our own write-back.
describe("one bad order in Company 1's feed never blocks the others", () => {
  const env = useStage1({ autoCloseAfterMs: 600_000 });
  // Paused, and named after this file's own task queue: it never runs and no other file sees it.
  let schedule: Awaited<ReturnType<typeof pausedFeedSchedule>>;
  before(async () => {
    schedule = await pausedFeedSchedule(env.t);
  });

  /** Three orders whose notifications are lost, the middle one served by Company 1 with `corrupt` applied. */
  async function ordersAroundABadOne(corrupt: Omit<OrderCorruption, 'orderId'>): Promise<{ since: string; good: Order[]; bad: Order }> {
    const since = new Date(Date.now() - 1_000).toISOString();
    await env.s.company1Admin.setFaults({ dropNotifications: 1 });
    const first = await env.s.company1Admin.createOrder(customerOrder());
    const bad = await env.s.company1Admin.createOrder(customerOrder());
    const last = await env.s.company1Admin.createOrder(customerOrder());
    await env.s.company1Admin.setFaults({ dropNotifications: 1, corruptOrders: [{ ...corrupt, orderId: bad.id }] });
    return { since, good: [first, last], bad };
  }

  /** The order got its deal and the ids are written back to Company 1. */
  async function handled(order: Order) {
    const handle = await orderWorkflowHandle(env.t.client, order.id);
    await eventually(`order ${order.id} written back`, async () => ((await handle.query(stateQuery)).phase === 'waiting-for-company1-close' ? true : undefined));
    assert.equal(typeof (await env.s.company1Admin.order(order.id)).additionalInfo.externalId, 'number');
  }

  it('an order with an unknown status is flagged naming the field, every other order is handled and the cursor moves past it', async () => {
    const { since, good, bad } = await ordersAroundABadOne({ field: 'status', value: 'on_hold' });
    try {
      const polled = await pollFeed(env.t, { changedSince: since, scheduleId: schedule.scheduleId });
      assert.equal(polled.itemsUnreadable, 1);
      assert.deepEqual(polled.unreadable, [{ orderId: bad.id, fields: ['status'] }]);
      for (const order of good) await handled(order);

      // The bad order's workflow reads the order itself, cannot read it, and waits for an operator.
      const handle = await orderWorkflowHandle(env.t.client, bad.id);
      const flagged = await eventually('the bad order flagged', async () => {
        const state = await handle.query(stateQuery);
        return state.needsAttention ? state : undefined;
      });
      assert.match(flagged.attentionReason ?? '', /Company1BadResponse.*\bstatus\b/);
      assert.equal(flagged.phase, 'waiting-for-operator');
      assert.equal((await handle.describe()).typedSearchAttributes.get(NeedsAttention), true);

      // The next poll starts after the bad order: it is not read (and counted) again.
      const saved = await schedule.args();
      assert.ok(saved.cursor, 'the poll saved a cursor in the schedule');
      const next = await pollFeed(env.t, saved);
      assert.equal(next.itemsUnreadable, 0);
    } finally {
      await env.s.company1Admin.clearFaults();
    }
  });

  it('an item without a usable order id is counted and named in the poll result, and the orders around it are handled', async () => {
    const { since, good, bad } = await ordersAroundABadOne({ field: 'id', value: null });
    try {
      const polled = await pollFeed(env.t, { changedSince: since, scheduleId: schedule.scheduleId });
      assert.equal(polled.itemsUnreadable, 1);
      assert.deepEqual(polled.unreadable, [{ fields: ['id'] }]);
      for (const order of good) await handled(order);
      await assert.rejects(env.t.client.workflow.getHandle(orderWorkflowId(bad.id)).describe(), WorkflowNotFoundError);
    } finally {
      await env.s.company1Admin.clearFaults();
    }
  });

  it("a cursor Company 1 never issued (an older release's unsigned one) restarts the feed from a lookback and saves a good cursor", async () => {
    await env.s.company1Admin.setFaults({ dropNotifications: 1 });
    try {
      const missed = await env.s.company1Admin.createOrder(customerOrder());
      // The shape an older sandbox handed out, unsigned, pointing past the order: honoured, it would skip it.
      const unsigned = Buffer.from(JSON.stringify([Date.now() + 60_000, missed.id])).toString('base64url');
      await schedule.saveCursor(unsigned);

      const polled = await pollFeed(env.t, await schedule.args());
      assert.ok(polled.ordersSeen >= 1);
      await handled(missed);
      const saved = await schedule.args();
      assert.ok(saved.cursor && saved.cursor !== unsigned, 'a cursor Company 1 issued replaced the refused one');
      await env.s.company1.listOrders({ cursor: saved.cursor });
    } finally {
      await env.s.company1Admin.clearFaults();
    }
  });
});
