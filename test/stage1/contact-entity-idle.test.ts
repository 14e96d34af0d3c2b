import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderWorkflowId, userContactWorkflowId } from '../../workflows/ids';
import { retryNowSignal, stateQuery } from '../../workflows/order/contract';
import { blockAmoAccount } from '../support/amocrm-account';
import { customerOrder, useStage1 } from '../support/stage1';
import { eventually, orderWorkflowHandle, runsOf } from '../support/wait';

describe("stage 1: a user's contact entity", () => {
  const env = useStage1({ autoCloseAfterMs: 500, blockedRecheckEveryMs: 300, contactEntityIdleMs: 2_000 });

  it("starts ahead of the orders in a backlogged queue: its priority key is 1, the orders' the default", async () => {
    const input = customerOrder();
    const order = await env.s.company1Admin.createOrder(input);
    await (await orderWorkflowHandle(env.t.client, order.id)).query(stateQuery);
    await eventually('the order written back', async () => ((await env.s.company1Admin.order(order.id)).additionalInfo.externalId ? true : undefined));
    const entity = env.t.client.workflow.getHandle(userContactWorkflowId(input.userId));
    assert.equal((await entity.describe()).priority?.priorityKey, 1);
    const own = await env.t.client.workflow.getHandle(orderWorkflowId(order.id)).describe();
    assert.equal(own.priority?.priorityKey, undefined, 'orders keep the default');
    // Its amoCRM calls take their turn with everyone else's on the amocrm queue.
    const history = await entity.fetchHistory();
    const scheduled = (history.events ?? []).map((e) => e.activityTaskScheduledEventAttributes).filter((a) => a !== null && a !== undefined);
    assert.ok(scheduled.length >= 1);
    for (const a of scheduled) assert.equal(a.priority?.priorityKey, 3, `${a.activityType?.name} at the default priority`);
  });

  it('is not kept alive by failing updates: it finishes after its idle time counted from its last success', async () => {
    await blockAmoAccount(env.s);
    const input = customerOrder();
    const order = await env.s.company1Admin.createOrder(input);
    const handle = await orderWorkflowHandle(env.t.client, order.id);
    const entityId = userContactWorkflowId(input.userId);
    await eventually('the order to be flagged', async () => ((await handle.query(stateQuery)).needsAttention ? true : undefined));
    // Every 300 ms the order tries again and the entity's update fails; its first run must still end.
    const firstRun = await eventually(
      'the first entity run to finish while updates keep failing',
      async () => {
        const [first] = await runsOf(env.t.client, entityId);
        return first && first.status !== 'RUNNING' ? first : undefined;
      },
      15_000,
    );
    assert.equal(firstRun.status, 'COMPLETED');

    await env.s.amoAdmin.unblock();
    await handle.signal(retryNowSignal);
    const final = await handle.result();
    assert.equal(final.phase, 'completed');
    assert.equal((await env.s.amoAdmin.contacts()).filter((c) => JSON.stringify(c).includes(input.userId)).length, 1);
  });
});
