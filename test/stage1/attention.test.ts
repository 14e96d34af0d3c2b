import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { INVALID_ORDER } from '../../workflows/failure-types';
import { retryNowSignal, stateQuery } from '../../workflows/order/contract';
import { customerOrder, startStage1, type Stage1 } from '../support/stage1';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { eventually, orderWorkflowHandle } from '../support/wait';

describe('stage 1: orders that need an operator', () => {
  let t: TestTemporal;
  let s: Stage1;
  before(async () => {
    t = await testTemporal();
    // Company 1 in stage 2 never closes orders by itself: every order misses the 4-hour rule.
    s = await startStage1(t, { company1Stage: 2, autoCloseAfterMs: 500, graceMs: 500, recheckEveryMs: 1_000 });
  });
  after(async () => {
    await s?.close();
    await t?.close();
  });

  for (const [name, overrides, field] of [
    ['no phone', { phone: '' }, 'customer.phone'],
    ['an empty user id', { userId: '  ' }, 'userId'],
    ['an unknown service', { serviceId: 'not-a-service' }, 'service.id'],
  ] as const) {
    it(`an order with ${name} fails fast, naming ${field}, and creates nothing in amoCRM`, async () => {
      const before = { contacts: (await s.amoAdmin.contacts()).length, leads: (await s.amoAdmin.leads()).length };
      const order = await s.company1Admin.createOrder(customerOrder(overrides));
      const handle = await orderWorkflowHandle(t.client, order.id);
      await assert.rejects(handle.result(), (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError);
        assert.ok(err.cause instanceof ApplicationFailure);
        assert.equal(err.cause.type, INVALID_ORDER);
        assert.equal(err.cause.nonRetryable, true);
        assert.match(err.cause.message, new RegExp(field.replace('.', '\\.')));
        return true;
      });
      assert.deepEqual({ contacts: (await s.amoAdmin.contacts()).length, leads: (await s.amoAdmin.leads()).length }, before);
    });
  }

  it('an order not closed by Company 1 in time is flagged, found by NeedsAttention = true, and completes once closed', async () => {
    const order = await s.company1Admin.createOrder(customerOrder());
    const handle = await orderWorkflowHandle(t.client, order.id);
    const query = `NeedsAttention = true AND DetmirOrderId = "${order.id}"`;
    const found = await eventually('the order in a NeedsAttention visibility query', async () => {
      for await (const wf of t.client.workflow.list({ query })) return wf;
      return undefined;
    });
    assert.equal(found.workflowId, handle.workflowId);
    const state = await handle.query(stateQuery);
    assert.equal(state.needsAttention, true);
    assert.match(state.attentionReason ?? '', /has not closed the order/);

    // Company 1 closes it late, as its auto-close would: the flag clears and the workflow completes.
    await s.company1.moveOrderStatus(order.id, 'on_approval', 'approved');
    await s.company1.moveOrderStatus(order.id, 'approved', 'in_work');
    await s.company1.moveOrderStatus(order.id, 'in_work', 'executed');
    await s.company1.changeOrder(order.id, { additionalInfo: { closedByDetmir: true } });
    await handle.signal(retryNowSignal);
    const final = await handle.result();
    assert.equal(final.needsAttention, false);
    assert.equal(final.closedByDetmir, true);
  });
});
