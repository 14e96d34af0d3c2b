import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customerOrder, useStage1 } from '../support/stage1';
import { orderWorkflowHandle } from '../support/wait';

describe('stage 1 under a 429 storm', () => {
  // amoCRM far stricter than our settings assume (2/s instead of 7/s): the client's own
  // limiter lets too much through, so amoCRM answers 429 again and again.
  const env = useStage1({
      autoCloseAfterMs: 1_000,
      amoRateLimit: { perTokenPerSecond: 2, perAccountPerSecond: 50, blockAfterViolations: 40, violationWindowMs: 60_000 },
    });

  it('every order completes and the account is never blocked', async () => {
    const orders = await Promise.all(Array.from({ length: 8 }, () => env.s.company1Admin.createOrder(customerOrder())));
    let done = false;
    // A blocked account would leave the orders waiting for an operator: fail then, don't hang.
    const blockWatch = (async () => {
      while (!done) {
        if ((await env.s.amoAdmin.rateLimit()).blocked) throw new Error('amoCRM blocked the account during the storm');
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const states = await Promise.race([
      Promise.all(orders.map(async (o) => (await orderWorkflowHandle(env.t.client, o.id)).result())),
      blockWatch.then(() => []),
    ]).finally(() => (done = true));
    for (const state of states) assert.equal(state.phase, 'completed');
    const stats = await env.s.amoAdmin.requestStats();
    assert.ok(stats.rateLimited > 0, 'the storm happened (amoCRM answered 429)');
    assert.equal(stats.byStatus['403'] ?? 0, 0, 'never blocked');
    assert.equal((await env.s.amoAdmin.rateLimit()).blocked, false);
    assert.equal((await env.s.amoAdmin.leads()).length, orders.length, 'one deal per order');
  });
});
