import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { INVALID_ORDER } from '../../failures/types';
import { NeedsAttention } from '../../temporal/search-attributes';
import { orderWorkflowId } from '../../workflows/ids';
import { company1OrderChangedSignal, type OrderState, retryNowSignal, stateQuery } from '../../workflows/order/contract';
import type { orderWorkflow } from '../../workflows/order/workflow';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { eventually } from '../support/wait';
import { anOrder, FakeWorld, fakeWorker } from './fake-activities';

// The fast tier: the real order workflow on the real dev server, its activities faked in
// memory, so each branch is tested without HTTP or sandbox timing.
describe('order workflow branches (fake activities)', () => {
  let t: TestTemporal;
  before(async () => {
    t = await testTemporal();
  });
  after(async () => {
    await t?.close();
  });

  async function run(world: FakeWorld, timings: Parameters<Awaited<ReturnType<typeof fakeWorker>>['input']>[1] = {}, createdAt?: string) {
    const worker = await fakeWorker(t, world);
    const order = anOrder(createdAt);
    const handle = await t.client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
      workflowId: orderWorkflowId(order.id),
      taskQueue: worker.taskQueue,
      args: [worker.input(order, timings)],
    });
    return { handle, worker, order };
  }

  const stateWhen = (handle: WorkflowHandle<typeof orderWorkflow>, what: string, ok: (s: OrderState) => boolean) =>
    eventually(what, async () => {
      const s = await handle.query(stateQuery);
      return ok(s) ? s : undefined;
    }, 20_000, 50);

  const closedByCompany1 = { status: 'executed', closedByDetmir: true, updatedAt: new Date().toISOString() };

  it('blocked account: flagged with the reason, then retryNow gets the deal created', async () => {
    const world = new FakeWorld();
    world.amoBlocked = true;
    const { handle, worker } = await run(world);
    try {
      const flagged = await stateWhen(handle, 'flagged', (s) => s.needsAttention);
      assert.equal(flagged.phase, 'waiting-for-operator');
      assert.match(flagged.attentionReason ?? '', /AmoAccountBlocked/);
      world.amoBlocked = false;
      await handle.signal(retryNowSignal);
      const waiting = await stateWhen(handle, 'waiting for the close', (s) => s.phase === 'waiting-for-company1-close');
      assert.equal(waiting.needsAttention, false);
      assert.ok(waiting.dealId !== undefined);
      world.closure = { ...closedByCompany1 };
      await handle.signal(company1OrderChangedSignal, closedByCompany1);
      assert.equal((await handle.result()).phase, 'completed');
    } finally {
      await worker.stop();
    }
  });

  it('invalid order: fails with the fields named, flagged for operators, nothing created', async () => {
    const world = new FakeWorld();
    world.invalid = 'customer.phone is empty';
    const { handle, worker } = await run(world);
    try {
      await assert.rejects(handle.result(), (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError && err.cause instanceof ApplicationFailure);
        assert.equal(err.cause.type, INVALID_ORDER);
        assert.match(err.cause.message, /customer\.phone is empty/);
        return true;
      });
      assert.equal((await handle.describe()).typedSearchAttributes.get(NeedsAttention), true);
      const state = await handle.query(stateQuery);
      assert.equal(state.phase, 'failed');
      assert.deepEqual(world.calls, ['checkOrderIntake']);
    } finally {
      await worker.stop();
    }
  });

  it('missed close deadline: flagged, rechecked on a timer, completes once Company 1 closes late', async () => {
    const world = new FakeWorld();
    const { handle, worker } = await run(world, { autoCloseAfterMs: 0, graceMs: 0, recheckEveryMs: 100 });
    try {
      const flagged = await stateWhen(handle, 'flagged as not closed', (s) => s.needsAttention);
      assert.equal(flagged.phase, 'waiting-for-company1-close');
      assert.match(flagged.attentionReason ?? '', /has not closed the order/);
      await eventually('two rechecks', () => Promise.resolve(world.calls.filter((c) => c === 'readOrderClosure').length >= 2 ? true : undefined), 20_000, 50);
      world.closure = { ...closedByCompany1 };
      const final = await handle.result();
      assert.equal(final.closedByDetmir, true);
      assert.equal(final.needsAttention, false);
    } finally {
      await worker.stop();
    }
  });

  it('a long wait continues as new carrying the order: its state, flag and ids survive, and it completes in a later run', async () => {
    const world = new FakeWorld();
    const { handle, worker, order } = await run(world, { autoCloseAfterMs: 0, graceMs: 0, recheckEveryMs: 1 });
    try {
      await eventually('a continue-as-new', async () => {
        for await (const wf of t.client.workflow.list({ query: `WorkflowId = "${orderWorkflowId(order.id)}" AND ExecutionStatus = "ContinuedAsNew"` })) return wf;
        return undefined;
      }, 60_000, 200);
      const state = await handle.query(stateQuery);
      assert.equal(state.needsAttention, true);
      assert.match(state.attentionReason ?? '', /has not closed the order/);
      assert.ok(state.dealId !== undefined && state.contactId !== undefined, 'the ids came along');
      assert.ok(state.history.some((h) => /continued as new/.test(h.event)));
      assert.equal(world.calls.filter((c) => c === 'ensureContactViaEntity').length, 1, 'the deal was not created again');
      world.closure = { ...closedByCompany1 };
      const final = await handle.result();
      assert.equal(final.closedByDetmir, true);
    } finally {
      await worker.stop();
    }
  });

  it('rejected by Company 1 while waiting for the close: completes as rejected, unflagged', async () => {
    const world = new FakeWorld();
    const { handle, worker } = await run(world);
    try {
      await stateWhen(handle, 'waiting for the close', (s) => s.phase === 'waiting-for-company1-close');
      const rejected = { status: 'rejected', updatedAt: new Date().toISOString() };
      world.closure = { ...rejected, closedByDetmir: false };
      await handle.signal(company1OrderChangedSignal, rejected);
      const final = await handle.result();
      assert.equal(final.orderStatus, 'rejected');
      assert.equal(final.closedByDetmir, false);
    } finally {
      await worker.stop();
    }
  });

  it('a refused deal (needs a fix): waits for the operator with no timer; retry after the fix completes it', async () => {
    const world = new FakeWorld();
    world.returningUser = true;
    world.dealRefused = 'custom_fields_values.0.field_id: field not found';
    const { handle, worker } = await run(world, { blockedRecheckEveryMs: 50 });
    try {
      const flagged = await stateWhen(handle, 'waiting for an operator', (s) => s.needsAttention && s.phase === 'waiting-for-operator');
      assert.match(flagged.attentionReason ?? '', /custom_fields_values\.0\.field_id/);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(world.calls.filter((c) => c === 'createDeal').length, 1, 'not retried on a timer');
      world.dealRefused = undefined;
      await handle.signal(retryNowSignal);
      await stateWhen(handle, 'waiting for the close', (s) => s.phase === 'waiting-for-company1-close' && !s.needsAttention);
      assert.equal(world.calls.filter((c) => c === 'createDeal').length, 2);
      await handle.terminate('test done');
    } finally {
      await worker.stop();
    }
  });
});
