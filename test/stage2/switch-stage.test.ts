import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stageSwitchProgress, startStageSwitch } from '../../client/orders/switch-stage';
import { IntegrationStage } from '../../temporal/search-attributes';
import { stateQuery } from '../../workflows/order/contract';
import { AMO_WEBHOOK_SECRET, useStage1 } from '../support/stage1';
import { orderInPhase } from '../support/stage2';
import { eventually } from '../support/wait';

describe('switching from stage 1 to stage 2 with orders in flight', () => {
  // Stage-1 orders waiting for Company 1's close (an hour away); Company 1 has switched its auto-close off.
  const env = useStage1({ company1Stage: 2, autoCloseAfterMs: 3_600_000 });

  const waitingOrder = () => orderInPhase(env, 'waiting-for-company1-close');

  it('a batch signal moves them: each catches up with its deal’s current stage, then follows the deal', async () => {
    const [moved, still] = await Promise.all([waitingOrder(), waitingOrder()]);
    // A manager moved one deal while its order was still a stage-1 order: nothing happened then.
    await env.s.amoAdmin.moveDeal(moved.dealId, 'Confirmed VU');
    await env.s.amo.subscribeWebhook(`${env.s.webhookUrl}/amocrm/webhooks/${AMO_WEBHOOK_SECRET}`, ['status_lead']);

    const job = await startStageSwitch(env.t.client, { ordersTaskQueue: env.t.taskQueues.orders });
    const progress = await eventually('the batch to finish', async () => {
      const p = await stageSwitchProgress(env.t.client, job.jobId);
      return p.completed ? p : undefined;
    });
    assert.equal(progress.total, 2);
    assert.equal(progress.failed, 0);

    const caughtUp = await eventually('the moved order to catch up', async () => {
      const s = await moved.handle.query(stateQuery);
      return s.orderStatus === 'in_work' ? s : undefined;
    });
    assert.equal(caughtUp.stage, 2);
    assert.equal(caughtUp.phase, 'following-deal');
    assert.equal((await env.s.company1Admin.order(moved.orderId)).status, 'in_work');
    assert.equal((await moved.handle.describe()).typedSearchAttributes.get(IntegrationStage), 2);

    // The other follows its deal from now on, through webhooks.
    await eventually('the other to follow', async () => ((await still.handle.query(stateQuery)).phase === 'following-deal' ? true : undefined));
    await env.s.amoAdmin.moveDeal(still.dealId, 'Recorded for trial');
    await eventually('approved', async () => ((await still.handle.query(stateQuery)).orderStatus === 'approved' ? true : undefined));
    for (const o of [moved, still]) await o.handle.terminate('test done');
  });
});
