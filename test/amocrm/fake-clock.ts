import { type Clock } from '../../amocrm';

// A clock that only moves when the test says so: sleepers wake in deadline order.
export class FakeClock implements Clock {
  private current = 0;
  private sleepers: { until: number; wake: () => void }[] = [];

  now(): number {
    return this.current;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.sleepers.push({ until: this.current + ms, wake }));
  }

  /** Lets pending promise chains run, so every caller reaches its next sleep. */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Moves time forward to `until`, waking sleepers on the way. */
  async advanceTo(until: number): Promise<void> {
    await this.settle();
    for (;;) {
      this.sleepers.sort((a, b) => a.until - b.until);
      const next = this.sleepers[0];
      if (!next || next.until > until) break;
      this.sleepers.shift();
      this.current = Math.max(this.current, next.until);
      next.wake();
      await this.settle();
    }
    this.current = until;
    await this.settle();
  }
}
