import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AMO_ACCOUNT_BLOCKED, INVALID_ORDER } from '../../failures/types';
import { ordersFinished, ordersFlagged } from '../../metrics/registry';
import { orderWorkflowId } from '../../workflows/ids';
import { company1OrderChangedSignal, retryNowSignal, stateQuery } from '../../workflows/order/contract';
import type { orderWorkflow } from '../../workflows/order/workflow';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { eventually } from '../support/wait';
import { anOrder, FakeWorld, fakeWorker } from './fake-activities';

// The order workflow's metric events reach the worker's registry through its sink: flagged once per
// flagging (by kind), finished once per order (by outcome and status).
async function count(counter: typeof ordersFinished | typeof ordersFlagged, labels: Record<string, string>): Promise<number> {
  const values = (await counter.get()).values;
  return values.filter((v) => Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l)).reduce((sum, v) => sum + v.value, 0);
}

describe('order metrics (workflow sink → worker registry)', () => {
  let t: TestTemporal;
  before(async () => {
    t = await testTemporal();
  });
  after(async () => {
    await t?.close();
  });

  it('a blocked account flags the order once (by failure type); the order completing counts once, with its status', async () => {
    const world = new FakeWorld();
    world.amoBlocked = true;
    const worker = await fakeWorker(t, world);
    const order = anOrder();
    try {
      const handle = await t.client.workflow.start<typeof orderWorkflow>('orderWorkflow', { workflowId: orderWorkflowId(order.id), taskQueue: worker.taskQueue, args: [worker.input(order)] });
      await eventually('flagged', async () => ((await handle.query(stateQuery)).needsAttention ? true : undefined), 20_000, 50);
      world.amoBlocked = false;
      await handle.signal(retryNowSignal);
      await eventually('waiting for the close', async () => ((await handle.query(stateQuery)).phase === 'waiting-for-company1-close' ? true : undefined), 20_000, 50);
      const closed = { status: 'executed', closedByDetmir: true, updatedAt: new Date().toISOString() };
      world.closure = { ...closed };
      await handle.signal(company1OrderChangedSignal, closed);
      await handle.result();
      assert.equal(await count(ordersFlagged, { reason: AMO_ACCOUNT_BLOCKED }), 1);
      assert.equal(await count(ordersFinished, { outcome: 'completed', status: 'executed' }), 1);
      assert.equal(await count(ordersFinished, { outcome: 'failed' }), 0);
    } finally {
      await worker.stop();
    }
  });

  it('an invalid order counts as failed, flagged with its failure type', async () => {
    const world = new FakeWorld();
    world.invalid = 'customer.phone is empty';
    const worker = await fakeWorker(t, world);
    const order = anOrder();
    try {
      const handle = await t.client.workflow.start<typeof orderWorkflow>('orderWorkflow', { workflowId: orderWorkflowId(order.id), taskQueue: worker.taskQueue, args: [worker.input(order)] });
      await assert.rejects(handle.result());
      assert.equal(await count(ordersFlagged, { reason: INVALID_ORDER }), 1);
      assert.equal(await count(ordersFinished, { outcome: 'failed' }), 1);
    } finally {
      await worker.stop();
    }
  });
});
