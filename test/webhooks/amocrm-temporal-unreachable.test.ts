import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stateQuery } from '../../workflows/order/contract';
import { orderInPhase } from '../support/stage2';
import { useTemporalBehindProxy } from '../support/temporal-behind-proxy';
import { eventually } from '../support/wait';

// amoCRM gives up on a webhook after 2 s, retries it (5 min, 15 min, …) and disables hooks that keep failing.
const AMOCRM_TIMEOUT_MS = 2_000;

describe('stage 2: an amoCRM webhook while Temporal is unreachable', () => {
  // amoCRM's retries come 1000 times sooner (5 min → 300 ms).
  const env = useTemporalBehindProxy({ integrationStage: 2, company1Stage: 2, amoSandbox: { webhookTimeScale: 0.001 } });

  it("a manager's move gets 503 in under 2 s; amoCRM's retry, once Temporal is back, moves Company 1's order", async () => {
    const { t, s, proxy } = env;
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
