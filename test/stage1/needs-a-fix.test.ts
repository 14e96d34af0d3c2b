import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderWorkflowId } from '../../workflows/ids';
import { retryNowSignal, stateQuery } from '../../workflows/order/contract';
import { customerOrder, useStage1 } from '../support/stage1';
import { eventually, orderWorkflowHandle, resultWithin } from '../support/wait';

describe('stage 1: failures that cannot heal are not retried blindly', () => {
  const env = useStage1({ autoCloseAfterMs: 500, blockedRecheckEveryMs: 200 });
  const dealsOf = async (orderId: string) => (await env.s.amoAdmin.leads()).filter((l) => JSON.stringify(l).includes(`"${orderId}"`));

  it('a cost with kopecks (4990.5) becomes a deal price of 4991 rubles and the order completes', async () => {
    const order = await env.s.company1Admin.createOrder(customerOrder({ cost: 4990.5 }));
    const state = await resultWithin(await orderWorkflowHandle(env.t.client, order.id));
    assert.equal(state.phase, 'completed');
    const [deal] = await dealsOf(order.id);
    assert.equal(deal?.price, 4991);
    assert.equal((await env.s.company1Admin.order(order.id)).cost, 4990.5, 'Company 1 keeps the exact cost');
  });

  it('a deal amoCRM refuses (a misconfigured field id) is flagged naming the field and waits for an operator with no timer; fixed and retried, it completes', async () => {
    await env.s.startWorkers({ amoFields: { detmirUserId: 932790, detmirOrderId: 999_999 } });
    try {
      const order = await env.s.company1Admin.createOrder(customerOrder());
      const handle = await orderWorkflowHandle(env.t.client, order.id);
      const flagged = await eventually('the order to wait for an operator', async () => {
        const s = await handle.query(stateQuery);
        return s.needsAttention && s.phase === 'waiting-for-operator' ? s : undefined;
      });
      assert.match(flagged.attentionReason ?? '', /AmoValidation/);
      assert.match(flagged.attentionReason ?? '', /custom_fields_values\.0\.field_id/, 'names the field amoCRM refused');
      assert.match(flagged.attentionReason ?? '', /npm run orders -- retry/);

      // Several retry periods later nothing was retried: no timer, no activity, no amoCRM request.
      const scheduled = async () => {
        const history = await env.t.client.workflow.getHandle(orderWorkflowId(order.id)).fetchHistory();
        const events = history.events ?? [];
        return { activities: events.filter((e) => e.activityTaskScheduledEventAttributes).length, timers: events.filter((e) => e.timerStartedEventAttributes).length };
      };
      const before = await scheduled();
      const requests = (await env.s.amoAdmin.requests()).length;
      await new Promise((r) => setTimeout(r, 1_500));
      assert.deepEqual(await scheduled(), before, 'no retry: no new activity');
      assert.equal(before.timers, 0, 'no retry timer');
      assert.equal((await env.s.amoAdmin.requests()).length, requests, 'no request to amoCRM while waiting');

      // The operator fixes the configuration (workers restarted with the right field) and retries.
      await env.s.startWorkers();
      await handle.signal(retryNowSignal);
      const final = await resultWithin(handle);
      assert.equal(final.phase, 'completed');
      assert.equal(final.needsAttention, false);
      assert.equal((await dealsOf(order.id)).length, 1, 'one deal');
    } finally {
      await env.s.startWorkers();
    }
  });
});
