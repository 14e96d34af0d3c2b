import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { INVALID_ORDER } from '../../failures/types';
import { retryNowSignal, stateQuery } from '../../workflows/order/contract';
import { ordersNeedingAttention } from '../../client/orders/attention';
import { orderStatus } from '../../client/orders/order-status';
import { startOrderWorkflow } from '../../client/order-start';
import type { orderWorkflow } from '../../workflows/order/workflow';
import { customerOrder, useStage1 } from '../support/stage1';
import { eventually, orderWorkflowHandle } from '../support/wait';

describe('stage 1: orders that need an operator', () => {
  // Company 1 in stage 2 never closes orders by itself: every order misses the 4-hour rule.
  const env = useStage1({ company1Stage: 2, autoCloseAfterMs: 500, graceMs: 500, recheckEveryMs: 1_000 });

  for (const [name, overrides, field] of [
    ['no phone', { phone: '' }, 'customer.phone'],
    ['an empty user id', { userId: '  ' }, 'userId'],
    ['an unknown service', { serviceId: 'not-a-service' }, 'service.id'],
  ] as const) {
    it(`an order with ${name} fails fast, naming ${field}, and creates nothing in amoCRM`, async () => {
      const before = { contacts: (await env.s.amoAdmin.contacts()).length, leads: (await env.s.amoAdmin.leads()).length };
      const order = await env.s.company1Admin.createOrder(customerOrder(overrides));
      const handle = await orderWorkflowHandle(env.t.client, order.id);
      await assert.rejects(handle.result(), (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError);
        assert.ok(err.cause instanceof ApplicationFailure);
        assert.equal(err.cause.type, INVALID_ORDER);
        assert.equal(err.cause.nonRetryable, true);
        assert.match(err.cause.message, new RegExp(field.replace('.', '\\.')));
        return true;
      });
      assert.deepEqual({ contacts: (await env.s.amoAdmin.contacts()).length, leads: (await env.s.amoAdmin.leads()).length }, before);
    });
  }

  it('a failed order is visible as failed: NeedsAttention = true, `orders attention` and `orders status` give the reason', async () => {
    const order = await env.s.company1Admin.createOrder(customerOrder({ phone: '' }));
    const handle = await orderWorkflowHandle(env.t.client, order.id);
    await assert.rejects(handle.result(), WorkflowFailedError);
    const found = await eventually('the failed order in a NeedsAttention = true visibility query', async () => {
      for await (const wf of env.t.client.workflow.list({ query: `NeedsAttention = true AND DetmirOrderId = "${order.id}"` })) return wf;
      return undefined;
    });
    assert.equal(found.status.name, 'FAILED');
    const row = (await ordersNeedingAttention(env.t.client)).find((r) => r.orderId === order.id);
    assert.ok(row, '`orders attention` lists it');
    assert.equal(row.execution, 'FAILED');
    assert.match(row.reason, /customer\.phone is empty/);
    const status = await orderStatus(env.t.client, order.id);
    assert.equal(status.phase, 'failed');
    assert.equal(status.needsAttention, true);
    assert.match(status.attentionReason ?? '', /customer\.phone is empty/);
  });

  it('an operator restart runs a failed order again once Company 1 corrected it; a normal start does not', async () => {
    const input = customerOrder({ phone: '' });
    const order = await env.s.company1Admin.createOrder(input);
    const handle = await orderWorkflowHandle(env.t.client, order.id);
    await assert.rejects(handle.result(), WorkflowFailedError);
    assert.equal((await startOrderWorkflow(env.t.client, env.s.startSettings, { orderId: order.id, via: 'notification' })).outcome, 'already-finished');

    const valid = customerOrder({ userId: input.userId });
    const fixed = { ...(await env.s.company1.getOrder(order.id)), customer: valid.customer };
    const restarted = await startOrderWorkflow(env.t.client, env.s.startSettings, { orderId: order.id, snapshot: fixed, via: 'operator' }, true);
    assert.equal(restarted.outcome, 'running');
    const rerun = env.t.client.workflow.getHandle<typeof orderWorkflow>(restarted.workflowId);
    // This suite's Company 1 never closes orders, so the run stops at waiting for that.
    const state = await eventually('the restarted order to have its deal', async () => {
      const current = await rerun.query(stateQuery);
      return current.dealId !== undefined ? current : undefined;
    });
    assert.equal((await env.s.amoAdmin.leads()).filter((l) => JSON.stringify(l).includes(`"${order.id}"`)).map((l) => l.id).join(), String(state.dealId));
    await rerun.terminate('test done');
  });

  it('an order not closed by Company 1 in time is flagged, found by NeedsAttention = true, and completes once closed', async () => {
    const order = await env.s.company1Admin.createOrder(customerOrder());
    const handle = await orderWorkflowHandle(env.t.client, order.id);
    const query = `NeedsAttention = true AND DetmirOrderId = "${order.id}"`;
    const found = await eventually('the order in a NeedsAttention visibility query', async () => {
      for await (const wf of env.t.client.workflow.list({ query })) return wf;
      return undefined;
    });
    assert.equal(found.workflowId, handle.workflowId);
    const state = await handle.query(stateQuery);
    assert.equal(state.needsAttention, true);
    assert.match(state.attentionReason ?? '', /has not closed the order/);

    // Company 1 closes it late, as its auto-close would: the flag clears and the workflow completes.
    await env.s.company1.moveOrderStatus(order.id, 'on_approval', 'approved');
    await env.s.company1.moveOrderStatus(order.id, 'approved', 'in_work');
    await env.s.company1.moveOrderStatus(order.id, 'in_work', 'executed');
    await env.s.company1.changeOrder(order.id, { additionalInfo: { closedByDetmir: true } });
    await handle.signal(retryNowSignal);
    const final = await handle.result();
    assert.equal(final.needsAttention, false);
    assert.equal(final.closedByDetmir, true);
  });
});
