import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AmoFixture, startFixture } from './fixture';

// amoCRM counts requests when they reach it, which the client cannot see: only the answer proves
// a request has arrived. Requests that reach the counter late must not bunch up with later ones.
void describe('amoCRM client: requests that reach amoCRM late', () => {
  let fx: AmoFixture;
  before(async () => {
    fx = await startFixture();
  });
  after(() => fx.close());

  void it('a burst whose first seven arrive 400 ms late: never 8 in a second, no 429', async () => {
    await fx.sandbox.admin.setFaults({ lateArrival: { count: 7, delayMs: 400 } });
    const results = await Promise.allSettled(Array.from({ length: 21 }, () => fx.client.getDeal(1)));
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
    assert.deepEqual(failed, []);
    const stats = await fx.sandbox.admin.requestStats();
    assert.equal(stats.total, 21);
    assert.equal(stats.rateLimited, 0, 'no 429');
    assert.ok(stats.maxInAnySecond <= 7, `at most 7 in any second (saw ${stats.maxInAnySecond})`);
  });
});
