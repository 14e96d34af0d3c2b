import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client, Connection } from '@temporalio/client';
import { stateQuery } from '../../workflows/order/contract';
import { startStage1, type Stage1 } from '../support/stage1';
import { orderInPhase } from '../support/stage2';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { eventually } from '../support/wait';

// amoCRM gives up on a webhook after 2 s, retries it (5 min, 15 min, …) and disables hooks that keep failing.
const AMOCRM_TIMEOUT_MS = 2_000;

describe('stage 2: an amoCRM webhook while Temporal is unreachable', () => {
  let t: TestTemporal;
  let proxy: TcpProxy;
  let proxied: Connection;
  let s: Stage1;
  before(async () => {
    t = await testTemporal();
    proxy = await startTcpProxy(t.address);
    proxied = await Connection.connect({ address: proxy.address });
    // Only the webhook service's link to Temporal breaks; amoCRM's retries come 1000 times sooner (5 min → 300 ms).
    s = await startStage1({ ...t, client: new Client({ connection: proxied, namespace: t.namespace }) }, { integrationStage: 2, company1Stage: 2, amoSandbox: { webhookTimeScale: 0.001 } });
  });
  after(async () => {
    proxy?.setMode('forward');
    await s?.close();
    await proxied?.close();
    await proxy?.close();
    await t?.close();
  });

  it("a manager's move gets 503 in under 2 s; amoCRM's retry, once Temporal is back, moves Company 1's order", async () => {
    const { orderId, dealId, handle } = await orderInPhase({ t, s }, 'following-deal');
    proxy.setMode('black-hole');
    try {
      await s.amoAdmin.moveDeal(dealId, 'Confirmed VU');
      const refused = await eventually('the first delivery answered', async () => (await s.amoAdmin.webhookDeliveries()).find((d) => d.leadId === dealId && d.attempt === 1 && d.outcome !== 'pending'));
      assert.equal(refused.outcome, 'invalid');
      assert.equal(refused.status, 503);
      assert.ok(refused.durationMs !== null && refused.durationMs < AMOCRM_TIMEOUT_MS, `answered after ${refused.durationMs} ms`);
    } finally {
      proxy.setMode('forward');
    }
    await eventually('in work', async () => ((await handle.query(stateQuery)).orderStatus === 'in_work' ? true : undefined), 30_000);
    assert.equal((await s.company1Admin.order(orderId)).status, 'in_work');
    const deliveries = (await s.amoAdmin.webhookDeliveries()).filter((d) => d.leadId === dealId);
    assert.equal(deliveries.at(-1)?.outcome, 'success', 'the retry was accepted');
    await handle.terminate('test done');
  });
});
