import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NeedsAttention } from '../../temporal/search-attributes';
import { stateQuery } from '../../workflows/order/contract';
import { useStage1 } from '../support/stage1';
import { orderInPhase } from '../support/stage2';
import { eventually } from '../support/wait';

describe('stage 2: Company 1 refuses a change', () => {
  const env = useStage1({ integrationStage: 2, company1Stage: 2 });

  it('Company 1 rejected the order itself: the status walk stops there, the refused payment (422) flags the order with the reason and is not retried blindly', async () => {
    const { orderId, dealId, handle } = await orderInPhase(env, 'following-deal');
    // Company 1's own operator rejects the order; from then on only additionalInfo may change.
    await env.s.company1.moveOrderStatus(orderId, 'on_approval', 'rejected');
    await env.s.amoAdmin.moveDeal(dealId, 'Payment received');

    const flagged = await eventually('flagged', async () => {
      const s = await handle.query(stateQuery);
      return s.needsAttention ? s : undefined;
    });
    assert.equal(flagged.orderStatus, 'rejected', 'the stale status move (409) showed the status Company 1 set');
    assert.match(flagged.attentionReason ?? '', /rejected/, flagged.attentionReason);
    assert.equal(flagged.phase, 'waiting-for-operator');
    assert.equal((await handle.describe()).typedSearchAttributes.get(NeedsAttention), true);
    const paidPatches = async () => (await env.s.company1Admin.requests()).filter((r) => r.method === 'PATCH' && r.url.endsWith(`/${orderId}`) && (r.body as { paid?: boolean }).paid === true).length;
    const before = await paidPatches();
    await new Promise((r) => setTimeout(r, 3_000));
    assert.equal(await paidPatches(), before, 'no retry on a timer: it waits for an operator');
    const c1 = await env.s.company1Admin.order(orderId);
    assert.deepEqual([c1.status, c1.paid], ['rejected', false], 'nothing half-written');
    await handle.terminate('test done');
  });
});
