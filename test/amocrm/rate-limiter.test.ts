import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from '../../amocrm';
import { FakeClock } from './fake-clock';

function maxInAnyWindow(times: number[], windowMs: number): number {
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
}

function startCallers(limiter: RateLimiter, clock: FakeClock, count: number) {
  const grants: { caller: number; at: number }[] = [];
  for (let caller = 0; caller < count; caller += 1) {
    // Each request is answered at once: its slot counts from the moment it was sent.
    void limiter.acquire().then((release) => {
      grants.push({ caller, at: clock.now() });
      release();
    });
  }
  return grants;
}

void describe('RateLimiter (fake clock)', () => {
  void it('never grants more than the limit in any sliding window, margin included', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ limit: 7, windowMs: 1000, marginMs: 20, clock });
    const grants = startCallers(limiter, clock, 50);
    await clock.advanceTo(20_000);
    assert.equal(grants.length, 50);
    assert.equal(maxInAnyWindow(grants.map((g) => g.at), 1020), 7);
  });

  void it('uses the whole budget: a burst of 7 at once, then 7 more per window', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ limit: 7, windowMs: 1000, clock });
    const grants = startCallers(limiter, clock, 21);
    await clock.advanceTo(0);
    assert.equal(grants.length, 7);
    await clock.advanceTo(1000);
    assert.equal(grants.length, 14);
    await clock.advanceTo(2000);
    assert.equal(grants.length, 21);
  });

  void it('load: the share of the budget that requests still hold, until their window passes', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ limit: 4, windowMs: 1000, clock });
    assert.equal(limiter.load, 0);
    const releases = [await limiter.acquire(), await limiter.acquire(), await limiter.acquire()];
    assert.equal(limiter.load, 0.75, 'three of four held while unanswered');
    assert.equal(limiter.busy, false, 'one slot is still free');
    await clock.advanceTo(5_000);
    assert.equal(limiter.load, 0.75, 'an unanswered request holds its slot however long it takes');
    for (const release of releases) release();
    await clock.advanceTo(5_999);
    assert.equal(limiter.load, 0.75, 'answered ones hold it for a window after their answer');
    await clock.advanceTo(6_000);
    assert.equal(limiter.load, 0);
    limiter.coolDown();
    assert.equal(limiter.load, 1, 'after a 429 nothing may be sent');
  });

  void it('serves concurrent callers in the order they asked', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ limit: 2, windowMs: 1000, clock });
    const grants = startCallers(limiter, clock, 9);
    await clock.advanceTo(10_000);
    assert.deepEqual(
      grants.map((g) => g.caller),
      [0, 1, 2, 3, 4, 5, 6, 7, 8],
    );
  });

  void it('after a 429 cool-down nobody is served until the pause is over', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ limit: 7, windowMs: 1000, coolDownMs: 1000, clock });
    await clock.advanceTo(5000);
    limiter.coolDown();
    const grants = startCallers(limiter, clock, 3);
    await clock.advanceTo(5999);
    assert.equal(grants.length, 0);
    await clock.advanceTo(6000);
    assert.equal(grants.length, 3);
  });

  void it('halves its rate after each 429 and grows back by one request per quiet window', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ limit: 7, windowMs: 1000, coolDownMs: 1000, clock });
    limiter.coolDown();
    assert.equal(limiter.currentLimit, 3);
    limiter.coolDown();
    assert.equal(limiter.currentLimit, 1);
    const grants = startCallers(limiter, clock, 12);
    await clock.advanceTo(3000);
    // Paused until 1000; from then on each window allows one request more than the last.
    const perWindow = [1000, 2000, 3000].map((at) => grants.filter((g) => g.at === at).length);
    assert.deepEqual(perWindow, [2, 3, 4]);
    await clock.advanceTo(20_000);
    assert.equal(grants.length, 12);
    assert.equal(limiter.currentLimit, 7);
  });

  void it('a cool-down reaching callers already waiting holds them back too', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ limit: 1, windowMs: 100, coolDownMs: 1000, clock });
    const grants = startCallers(limiter, clock, 2);
    await clock.advanceTo(0);
    limiter.coolDown();
    await clock.advanceTo(999);
    assert.equal(grants.length, 1);
    await clock.advanceTo(1000);
    assert.equal(grants.length, 2);
  });

  void it('a request still in flight keeps its slot: it may reach amoCRM late', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000, clock }); // default: no arrival cap
    const release = await limiter.acquire();
    let second = false;
    void limiter.acquire().then(() => (second = true));
    await clock.advanceTo(1500);
    assert.equal(second, false, 'unanswered after 1.5 s: it may not have arrived yet');
    release(); // answered at 1500 ms: it arrived at 1500 ms at the latest
    await clock.advanceTo(2499);
    assert.equal(second, false);
    await clock.advanceTo(2500);
    assert.equal(second, true);
  });

  void it('waiting behind requests still unanswered, on the real clock: no timer overflow, no busy loop', async () => {
    const overflows: string[] = [];
    const onWarning = (w: Error) => void (w.name === 'TimeoutOverflowWarning' && overflows.push(w.message));
    process.on('warning', onWarning);
    try {
      const limiter = new RateLimiter({ limit: 1, windowMs: 200 });
      const release = await limiter.acquire();
      let second = false;
      const waiting = limiter.acquire().then((r) => {
        second = true;
        r();
      });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(second, false, 'the first is still unanswered');
      release();
      await waiting;
      assert.deepEqual(overflows, []);
    } finally {
      process.off('warning', onWarning);
    }
  });

  void it('with an arrival cap, a slow answer holds the slot only up to the cap', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000, arrivalCapMs: 200, clock });
    await limiter.acquire(); // never released: the server is slow to answer
    let second = false;
    void limiter.acquire().then(() => (second = true));
    await clock.advanceTo(1199);
    assert.equal(second, false);
    await clock.advanceTo(1200);
    assert.equal(second, true);
  });

  void it('a caller whose attempt is abandoned while queued takes no slot: the one behind it gets the next one', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000, clock });
    (await limiter.acquire())();
    const abandoned = new AbortController();
    const queued = limiter.acquire(abandoned.signal);
    const behind: number[] = [];
    void limiter.acquire().then((release) => {
      behind.push(clock.now());
      release();
    });
    await clock.advanceTo(300);
    abandoned.abort(new Error('attempt abandoned'));
    await assert.rejects(queued, /attempt abandoned/);
    await clock.advanceTo(5_000);
    assert.deepEqual(behind, [1000], 'at the end of the first window, not a window later');
  });

  void it('a slot released as never sent is given back at once', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ limit: 1, windowMs: 1000, clock });
    (await limiter.acquire())(false);
    const next: number[] = [];
    void limiter.acquire().then(() => next.push(clock.now()));
    await clock.advanceTo(10);
    assert.deepEqual(next, [0]);
  });

  void it('with a shared budget: nothing before a share is granted, at most the share per window, nothing once it lapses', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ limit: 7, windowMs: 1000, clock, shared: true });
    const grants = startCallers(limiter, clock, 10);
    await clock.advanceTo(2_000);
    assert.equal(grants.length, 0, 'no share yet');
    limiter.setShare(3, 2_500);
    await clock.advanceTo(2_000);
    assert.equal(grants.length, 3);
    await clock.advanceTo(3_000);
    assert.equal(grants.length, 6);
    await clock.advanceTo(10_000);
    assert.equal(grants.length, 9, 'three more at 4 s; none after the lease lapsed at 4.5 s');
    assert.equal(maxInAnyWindow(grants.map((g) => g.at), 1000), 3);
  });
});
