import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { retryNowSignal, stateQuery } from '../../workflows/order/contract';
import { AMO_TOKEN, customerOrder, startStage1, type Stage1 } from '../support/stage1';
import { testTemporal, type TestTemporal } from '../support/temporal';
import { eventually, orderWorkflowHandle } from '../support/wait';

describe('stage 1 with a blocked amoCRM account', () => {
  let t: TestTemporal;
  let s: Stage1;
  before(async () => {
    t = await testTemporal();
    s = await startStage1(t, { autoCloseAfterMs: 1_000 });
  });
  after(async () => {
    await s?.close();
    await t?.close();
  });

  /** Abuse the API from outside the integration until amoCRM blocks the whole account. */
  async function blockAccount() {
    const normal = (await s.amoAdmin.rateLimit()).settings;
    await s.amoAdmin.setRateLimit({ perTokenPerSecond: 1, perAccountPerSecond: 50, blockAfterViolations: 1, violationWindowMs: 60_000 });
    const hit = () => fetch(`${s.amoSandbox.url}/api/v4/leads/pipelines`, { headers: { authorization: `Bearer ${AMO_TOKEN}` } });
    await hit();
    await hit();
    assert.equal((await s.amoAdmin.rateLimit()).blocked, true);
    await s.amoAdmin.setRateLimit(normal);
  }

  it('orders wait flagged with the reason instead of failing or crash-looping, and complete once an operator unblocks', async () => {
    await blockAccount();
    const order = await s.company1Admin.createOrder(customerOrder());
    const handle = await orderWorkflowHandle(t.client, order.id);
    const flagged = await eventually('the order to be flagged', async () => {
      const state = await handle.query(stateQuery);
      return state.needsAttention ? state : undefined;
    });
    assert.match(flagged.attentionReason ?? '', /AmoAccountBlocked/);
    assert.equal(flagged.phase, 'waiting-for-operator');
    assert.equal((await handle.describe()).status.name, 'RUNNING');
    assert.equal((await s.amoAdmin.leads()).length, 0, 'nothing created while blocked');

    await s.amoAdmin.unblock();
    await handle.signal(retryNowSignal);
    const final = await handle.result();
    assert.equal(final.phase, 'completed');
    assert.equal(final.needsAttention, false);
    assert.equal((await s.amoAdmin.leads()).length, 1);
  });
});
