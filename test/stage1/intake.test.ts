import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { WorkflowNotFoundError } from '@temporalio/client';
import { signNotification } from '../../company1/notification-signature';
import type { feedPollWorkflow } from '../../workflows/feed/workflow';
import { orderWorkflowId } from '../../workflows/ids';
import { stateQuery } from '../../workflows/order/contract';
import { customerOrder, NOTIFICATION_SECRET, useStage1 } from '../support/stage1';
import { eventually, orderWorkflowHandle } from '../support/wait';

describe('stage 1 intake: notifications and the feed', () => {
  const env = useStage1({ autoCloseAfterMs: 1_000 });

  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${env.s.webhookUrl}/company1/notifications`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const signed = (body: string) => post(body, signNotification(NOTIFICATION_SECRET, body, Date.now() / 1000));
  const pollFeed = (changedSince: string) =>
    env.t.client.workflow.execute<typeof feedPollWorkflow>('feedPollWorkflow', {
      taskQueue: env.t.taskQueues.orders,
      workflowId: `feed-test-${randomUUID()}`,
      args: [{ changedSince }],
    });
  const runsOf = async (orderId: string) => {
    const runs = [];
    for await (const wf of env.t.client.workflow.list({ query: `WorkflowId = "${orderWorkflowId(orderId)}"` })) runs.push(wf);
    return runs;
  };

  it('duplicate notifications and a feed overlap run one workflow, also after it finished', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const created = await env.s.company1Admin.createOrder(customerOrder());
    const handle = await orderWorkflowHandle(env.t.client, created.id);
    // The order as Company 1 first announced it (no deal id yet), delivered again and again.
    const body = JSON.stringify({ id: `evt-${randomUUID()}`, type: 'order.created', occurredAt: created.createdAt, order: created });
    const outcomes: string[] = [];
    const deliver = async () => {
      const response = await signed(body);
      assert.equal(response.status, 202);
      outcomes.push(((await response.json()) as { outcome: string }).outcome);
    };
    await deliver();
    await deliver();
    await pollFeed(since);
    await handle.result();
    await deliver();
    await deliver();
    assert.deepEqual(outcomes, ['running', 'running', 'already-finished', 'already-finished']);
    await pollFeed(since);
    assert.equal((await runsOf(created.id)).length, 1, 'one workflow run for the order');
  });

  it('the feed picks up an order whose notification never came', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    await env.s.company1Admin.setFaults({ dropNotifications: 1 });
    const created = await env.s.company1Admin.createOrder(customerOrder());
    await env.s.company1Admin.clearFaults();
    await assert.rejects(env.t.client.workflow.getHandle(orderWorkflowId(created.id)).describe(), WorkflowNotFoundError);
    const polled = await pollFeed(since);
    assert.ok(polled.ordersHandedOver >= 1);
    const state = await (await orderWorkflowHandle(env.t.client, created.id)).result();
    assert.equal(state.phase, 'completed');
  });

  it('a notification with a bad or missing signature gets 401 and starts nothing', async () => {
    const created = await env.s.company1Admin.createOrder(customerOrder());
    await (await orderWorkflowHandle(env.t.client, created.id)).result();
    const stranger = { ...(await env.s.company1.getOrder(created.id)), id: String(Number(created.id) + 50), additionalInfo: {} };
    const body = JSON.stringify({ id: `evt-${randomUUID()}`, type: 'order.created', occurredAt: new Date().toISOString(), order: stranger });
    assert.equal((await post(body, {})).status, 401);
    assert.equal((await post(body, signNotification('wrong-secret', body, Date.now() / 1000))).status, 401);
    assert.equal((await post(body, signNotification(NOTIFICATION_SECRET, body, Date.now() / 1000 - 3600))).status, 401, 'expired');
    await assert.rejects(env.t.client.workflow.getHandle(orderWorkflowId(stranger.id)).describe(), WorkflowNotFoundError);
  });

  it('a signed but malformed notification gets 400 naming the field', async () => {
    const body = JSON.stringify({ id: `evt-${randomUUID()}`, type: 'order.created', occurredAt: new Date().toISOString(), order: { id: '42' } });
    const response = await signed(body);
    assert.equal(response.status, 400);
    const problem = (await response.json()) as { fields: string[] };
    assert.ok(problem.fields.some((f) => f.startsWith('order.userId')), JSON.stringify(problem));
  });

  it("a signed notification with a bad field still gets 400 naming it, and the order is not lost: its workflow reads the order and is flagged naming the field", async () => {
    await env.s.company1Admin.setFaults({ dropNotifications: 1 });
    const created = await env.s.company1Admin.createOrder(customerOrder());
    // Company 1 sends the cost as a string, in the notification and when the order is read.
    await env.s.company1Admin.setFaults({ dropNotifications: 1, corruptOrders: [{ orderId: created.id, field: 'cost', value: '4900.00' }] });
    try {
      const order = { ...created, cost: '4900.00' };
      const response = await signed(JSON.stringify({ id: `evt-${randomUUID()}`, type: 'order.created', occurredAt: created.createdAt, order }));
      assert.equal(response.status, 400);
      assert.ok(((await response.json()) as { fields: string[] }).fields.some((f) => f.startsWith('order.cost')));

      const handle = await orderWorkflowHandle(env.t.client, created.id);
      const flagged = await eventually('the order flagged', async () => {
        const state = await handle.query(stateQuery);
        return state.needsAttention ? state : undefined;
      });
      assert.match(flagged.attentionReason ?? '', /Company1BadResponse.*\bcost\b/);
      assert.equal(flagged.phase, 'waiting-for-operator');
    } finally {
      await env.s.company1Admin.clearFaults();
    }
  });
});
