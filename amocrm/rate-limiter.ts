// Client-side limiter for amoCRM's per-integration cap (7 requests/s). amoCRM counts requests
// by arrival in a sliding window and blocks the whole account after repeated 429s, so we never
// probe for its limit: at most `limit` requests in any window of `windowMs`, served first come,
// first served.
//
// Counting by send time is not enough: a request that waits for a new connection (or a TLS
// handshake) arrives late and bunches up with the ones sent after it. So a request occupies its
// slot until its response is back (the latest it can have arrived), capped at `arrivalCapMs`
// after sending, because a slow answer means a slow server, not a late arrival.
import { type Clock, systemClock } from './clock';

export interface RateLimiterOptions {
  limit: number;
  windowMs?: number;
  /** Extra milliseconds added to the window, for clock granularity on both ends. */
  marginMs?: number;
  /** Longest time after sending that we assume a request may still arrive. */
  arrivalCapMs?: number;
  /** How long every caller waits after amoCRM answered 429. */
  coolDownMs?: number;
  clock?: Clock;
}

/** Call once the request is finished (answered or failed). */
export type ReleaseSlot = () => void;

interface Slot {
  sentAt: number;
  doneAt: number | null;
}

export class RateLimiter {
  private slots: Slot[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private wakeHead: (() => void) | null = null;
  private pausedUntil = 0;
  private readonly limit: number;
  private readonly spanMs: number;
  private readonly arrivalCapMs: number;
  private readonly coolDownMs: number;
  private readonly clock: Clock;

  constructor(options: RateLimiterOptions) {
    if (!(options.limit >= 1)) throw new RangeError('rate limit must be at least 1 request per window');
    this.limit = Math.floor(options.limit);
    this.spanMs = (options.windowMs ?? 1000) + (options.marginMs ?? 0);
    this.arrivalCapMs = options.arrivalCapMs ?? 250;
    this.coolDownMs = options.coolDownMs ?? 1000;
    this.clock = options.clock ?? systemClock;
  }

  /** Resolves when the caller may send one request. Callers are served in call order. */
  acquire(): Promise<ReleaseSlot> {
    const turn = this.tail.then(() => this.waitForSlot());
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** After a 429: hold every caller back so one burst does not snowball into an account block. */
  coolDown(): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + this.coolDownMs);
  }

  private async waitForSlot(): Promise<ReleaseSlot> {
    for (let now = this.clock.now(), readyAt = this.readyAt(now); readyAt > now; now = this.clock.now(), readyAt = this.readyAt(now)) {
      // A finished request can free a slot early; the head of the queue re-checks then.
      const released = new Promise<void>((resolve) => (this.wakeHead = resolve));
      await Promise.race([this.clock.sleep(readyAt - now), released]);
      this.wakeHead = null;
    }
    const slot: Slot = { sentAt: this.clock.now(), doneAt: null };
    this.slots.push(slot);
    return () => {
      slot.doneAt ??= this.clock.now();
      this.wakeHead?.();
    };
  }

  /** Latest moment this request can have reached amoCRM (an upper bound while in flight). */
  private arrivalBound(slot: Slot): number {
    return Math.min(slot.doneAt ?? Infinity, slot.sentAt + this.arrivalCapMs);
  }

  private readyAt(now: number): number {
    this.slots = this.slots.filter((s) => this.arrivalBound(s) + this.spanMs > now);
    if (this.slots.length < this.limit) return this.pausedUntil;
    const bounds = this.slots.map((s) => this.arrivalBound(s)).sort((a, b) => b - a);
    return Math.max(this.pausedUntil, bounds[this.limit - 1]! + this.spanMs);
  }
}
