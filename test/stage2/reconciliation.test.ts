import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { stateQuery } from '../../workflows/order/contract';
import type { reconcileDealsWorkflow } from '../../workflows/reconciliation/workflow';
import { useStage1 } from '../support/stage1';
import { orderInPhase } from '../support/stage2';
import { eventually, resultWithin } from '../support/wait';

describe('stage 2: a lost webhook is not a lost update', () => {
  const env = useStage1({ integrationStage: 2, company1Stage: 2 });

  const followedOrder = () => orderInPhase(env, 'following-deal');
  const reconcile = () =>
    env.t.client.workflow.execute<typeof reconcileDealsWorkflow>('reconcileDealsWorkflow', { taskQueue: env.t.taskQueues.orders, workflowId: `reconcile-${randomUUID()}`, args: [] });

  it('every webhook lost: one reconciliation catches every order up, reading all their deals in one request', async () => {
    const [moved, paying, refused, untouched] = await Promise.all([followedOrder(), followedOrder(), followedOrder(), followedOrder()]);
    await env.s.amoAdmin.setFaults({ webhooks: { drop: 1 } });
    try {
      await env.s.amoAdmin.moveDeal(moved.dealId, 'Confirmed VU');
      await env.s.amo.updateDealPrice(paying.dealId, 6100);
      await env.s.amoAdmin.moveDeal(paying.dealId, 'Waiting for payment');
      await env.s.amoAdmin.moveDeal(refused.dealId, 'Refusal');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal((await moved.handle.query(stateQuery)).orderStatus, 'on_approval', 'the webhook was lost');

      const result = await reconcile();
      assert.equal(result.orders, 4);
      assert.equal(result.signalled, 3, 'the untouched order was not signalled');
      assert.equal(result.requests, 1, 'four deals, one request');

      await eventually('caught up', async () => ((await moved.handle.query(stateQuery)).orderStatus === 'in_work' ? true : undefined));
      await eventually('cost sent', async () => ((await paying.handle.query(stateQuery)).deal?.cost === 6100 ? true : undefined));
      assert.equal((await env.s.company1Admin.order(paying.orderId)).cost, 6100);
      assert.equal((await resultWithin(refused.handle)).orderStatus, 'rejected');
      assert.equal((await untouched.handle.query(stateQuery)).orderStatus, 'on_approval');

      // A second pass finds nothing left to do.
      const again = await reconcile();
      assert.equal(again.signalled, 0);
    } finally {
      await env.s.amoAdmin.clearFaults();
      for (const o of [moved, paying, untouched]) await o.handle.terminate('test done').catch(() => undefined);
    }
  });

  it('10 % of webhooks dropped: after one reconciliation every order is where its deal is', async () => {
    const orders = await Promise.all(Array.from({ length: 20 }, () => followedOrder()));
    const walk = ['Recorded for trial', 'Confirmed VU', 'Waiting for payment', 'Payment received'];
    await env.s.amoAdmin.setFaults({ webhooks: { drop: 0.1 } });
    try {
      for (const stage of walk) for (const o of orders) await env.s.amoAdmin.moveDeal(o.dealId, stage);
      const ours = new Set(orders.map((o) => o.dealId));
      const deliveries = await eventually('every delivery settled', async () => {
        const all = (await env.s.amoAdmin.webhookDeliveries()).filter((d) => ours.has(d.leadId));
        return all.length >= orders.length * walk.length && all.every((d) => d.outcome !== 'pending') ? all : undefined;
      });
      const dropped = deliveries.filter((d) => d.outcome === 'dropped');
      assert.ok(dropped.length > 0, 'the sandbox dropped some webhooks');
      const result = await reconcile();
      assert.equal(result.orders, orders.length);
      assert.equal(result.requests, 1, 'twenty deals, one request');
      for (const o of orders) {
        await eventually(`order ${o.orderId} paid and in work`, async () => {
          const s = await o.handle.query(stateQuery);
          return s.orderStatus === 'in_work' && s.deal?.paid === true ? true : undefined;
        });
        const c1 = await env.s.company1Admin.order(o.orderId);
        assert.deepEqual([c1.status, c1.paid, c1.subscription?.state], ['in_work', true, 'active'], `order ${o.orderId}`);
      }
      // At least every order whose last move was lost was signalled (others too, if their webhook was still on its way).
      const paymentReceived = String((await env.s.amo.resolvePipeline('Company 2')).stages['Payment received']);
      const lastLost = dropped.filter((d) => d.fields['leads[status][0][status_id]'] === paymentReceived).length;
      assert.ok(result.signalled >= lastLost && result.signalled <= orders.length, `signalled ${result.signalled}, last move lost for ${lastLost}`);
    } finally {
      await env.s.amoAdmin.clearFaults();
      for (const o of orders) await o.handle.terminate('test done').catch(() => undefined);
    }
  });
});
