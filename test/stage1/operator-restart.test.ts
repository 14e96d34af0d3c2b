import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startOrderWorkflow } from '../../client/order-start';
import { stateQuery } from '../../workflows/order/contract';
import { blockAmoAccount } from '../support/amocrm-account';
import { customerOrder, useStage1 } from '../support/stage1';
import { eventually, orderWorkflowHandle } from '../support/wait';

describe('stage 1: an operator restart', () => {
  // Retries on a timer are an hour apart: only a fresh try can get the order through in time.
  const env = useStage1({ autoCloseAfterMs: 500, blockedRecheckEveryMs: 3_600_000 });

  it('never reuses an update id of an earlier run, so a failure cached by the contact entity does not come back', async () => {
    await blockAmoAccount(env.s);
    const input = customerOrder();
    const order = await env.s.company1Admin.createOrder(input);
    const handle = await orderWorkflowHandle(env.t.client, order.id);
    await eventually('the order to be flagged by the blocked account', async () => {
      const s = await handle.query(stateQuery);
      return s.needsAttention && /AmoAccountBlocked/.test(s.attentionReason ?? '') ? s : undefined;
    });
    // The operator stops the order, has the account unblocked, and restarts it. The user's
    // contact entity is still running and remembers the failed update of the first try.
    await handle.terminate('operator: account being unblocked, restart afterwards');
    await env.s.amoAdmin.unblock();
    const restarted = await startOrderWorkflow(env.t.client, env.s.startSettings, { orderId: order.id, via: 'operator' }, true);
    assert.equal(restarted.outcome, 'running');
    const state = await eventually(
      'the restarted order to have its deal',
      async () => {
        const s = await env.t.client.workflow.getHandle(restarted.workflowId).query(stateQuery);
        if (s.needsAttention) throw new Error(`flagged again: ${s.attentionReason}`);
        return s.dealId !== undefined ? s : undefined;
      },
      30_000,
    );
    assert.equal((await env.s.amoAdmin.leads()).filter((l) => JSON.stringify(l).includes(`"${order.id}"`)).map((l) => l.id).join(), String(state.dealId));
  });
});
