import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AttemptAbandoned, type AttemptGuard, isAmoError } from '../../amocrm';
import { type AmoFixture, rejectionOf, startFixture } from './fixture';

/** What an activity attempt hands the client: abort it, or refuse at the last moment. */
function guard(refuse?: string): AttemptGuard & { abandon(why: string): void } {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    abandon: (why) => controller.abort(new AttemptAbandoned(why)),
    checkBeforeSend() {
      if (refuse) throw new AttemptAbandoned(refuse);
      if (controller.signal.aborted) throw controller.signal.reason as Error;
    },
  };
}

void describe('a request of an abandoned attempt never reaches amoCRM', () => {
  let fx: AmoFixture;
  before(async () => {
    fx = await startFixture();
  });
  after(() => fx.close());

  const posts = async () => (await fx.sandbox.admin.requests()).filter((r) => r.method === 'POST').length;

  void it('one still queued in the limiter when its attempt is abandoned is dropped, and the queue behind it moves on', async () => {
    // One request per 2 s: the first takes the slot, the second waits in the limiter.
    const client = fx.clientWith({ requestsPerSecond: 0.5 });
    const contact = { firstName: 'Anna', lastName: 'Ivanova', phone: '+79990001122' };
    await client.createContact({ ...contact, detmirUserId: 'first' });
    const attempt = guard();
    const queued = client.forAttempt(attempt).createContact({ ...contact, detmirUserId: 'abandoned' });
    const behind = client.createContact({ ...contact, detmirUserId: 'behind' });
    await new Promise((r) => setTimeout(r, 300));
    attempt.abandon('the server timed the attempt out');
    const err = await rejectionOf(queued);
    assert.ok(isAmoError(err));
    assert.equal(err.kind, 'attempt-abandoned');
    assert.equal(err.retryable, true);
    await behind;
    const created = (await fx.sandbox.admin.contacts()).map((c) => JSON.stringify(c));
    assert.equal(created.filter((c) => c.includes('"abandoned"')).length, 0, 'the abandoned POST never arrived');
    assert.equal(created.filter((c) => c.includes('"behind"')).length, 1);
  });

  void it('one refused right before sending (a stalled or nearly timed-out attempt) is not sent', async () => {
    const before = await posts();
    const err = await rejectionOf(fx.client.forAttempt(guard('no heartbeat for 20000 ms')).createContact({ firstName: 'A', lastName: 'B', phone: '+79990001122', detmirUserId: 'late' }));
    assert.ok(isAmoError(err));
    assert.equal(err.kind, 'attempt-abandoned');
    assert.match(err.message, /no heartbeat/);
    assert.equal(await posts(), before);
  });
});
