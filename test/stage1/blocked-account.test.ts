import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryNowSignal, stateQuery } from '../../workflows/order/contract';
import { blockAmoAccount } from '../support/amocrm-account';
import { customerOrder, useStage1 } from '../support/stage1';
import { eventually, orderWorkflowHandle } from '../support/wait';

describe('stage 1 with a blocked amoCRM account', () => {
  const env = useStage1({ autoCloseAfterMs: 1_000 });

  it('orders wait flagged with the reason instead of failing or crash-looping, and complete once an operator unblocks', async () => {
    await blockAmoAccount(env.s);
    const order = await env.s.company1Admin.createOrder(customerOrder());
    const handle = await orderWorkflowHandle(env.t.client, order.id);
    const flagged = await eventually('the order to be flagged', async () => {
      const state = await handle.query(stateQuery);
      return state.needsAttention ? state : undefined;
    });
    assert.match(flagged.attentionReason ?? '', /AmoAccountBlocked/);
    assert.equal(flagged.phase, 'waiting-for-operator');
    assert.equal((await handle.describe()).status.name, 'RUNNING');
    assert.equal((await env.s.amoAdmin.leads()).length, 0, 'nothing created while blocked');

    await env.s.amoAdmin.unblock();
    await handle.signal(retryNowSignal);
    const final = await handle.result();
    assert.equal(final.phase, 'completed');
    assert.equal(final.needsAttention, false);
    assert.equal((await env.s.amoAdmin.leads()).length, 1);
  });
});
