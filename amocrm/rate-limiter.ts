// Client-side limiter for amoCRM's per-integration cap (7 requests/s). amoCRM counts requests
// by arrival in a sliding window and blocks the whole account after repeated 429s, so we never
// probe for its limit: at most `limit` requests in any window of `windowMs`, served first come,
// first served.
//
// Counting by send time is not enough: a request that waits for a new connection (or a TLS
// handshake, a retransmitted packet, a busy proxy in front of amoCRM's counter) arrives late and
// bunches up with the ones sent after it. So a request occupies its slot until its response is
// back, the only proof of when it arrived. No cap by default: a slow answer may well be a late
// arrival (a cap of 250 ms let a stalled server count 8 in a second), and the request timeout
// bounds how long a slot can be held.
import { type Clock, systemClock } from './clock';

export interface RateLimiterOptions {
  limit: number;
  windowMs?: number;
  /** Extra milliseconds added to the window, for clock granularity on both ends. */
  marginMs?: number;
  /** Longest time after sending that we assume a request may still arrive; default: until its response. */
  arrivalCapMs?: number;
  /** How long every caller waits after amoCRM answered 429. */
  coolDownMs?: number;
  /**
   * The limit is shared with other processes (see setShare): until a share is granted, and
   * whenever it lapses, nothing is sent.
   */
  shared?: boolean;
  clock?: Clock;
}

/** How often a caller with no share left looks again (setShare also wakes it at once). */
const NO_SHARE_RECHECK_MS = 250;

/** Call once the request is finished (answered or failed); `sent: false` when it never left (the slot is given back). */
export type ReleaseSlot = (sent?: boolean) => void;

interface Slot {
  sentAt: number;
  doneAt: number | null;
}

function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(typeof reason === 'string' ? reason : 'aborted');
}

export class RateLimiter {
  private slots: Slot[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private wakeHead: (() => void) | null = null;
  private pausedUntil = 0;
  private callersWaiting = 0;
  /** This process's part of a budget shared with others, valid until `until`; null when not shared. */
  private share: { requests: number; until: number } | null;
  /** Requests allowed per window right now: halved on every 429, grows back by one per quiet window. */
  private allowed: number;
  private lastAdjustedAt = 0;
  private readonly limit: number;
  private readonly spanMs: number;
  private readonly arrivalCapMs: number;
  private readonly coolDownMs: number;
  private readonly clock: Clock;

  constructor(options: RateLimiterOptions) {
    if (!(options.limit >= 1)) throw new RangeError('rate limit must be at least 1 request per window');
    this.limit = Math.floor(options.limit);
    this.spanMs = (options.windowMs ?? 1000) + (options.marginMs ?? 0);
    this.arrivalCapMs = options.arrivalCapMs ?? Infinity;
    this.coolDownMs = options.coolDownMs ?? 1000;
    this.clock = options.clock ?? systemClock;
    this.allowed = this.limit;
    this.share = options.shared ? { requests: 0, until: 0 } : null;
  }

  /**
   * A share of a budget that other processes share too: at most `requests` in any window, for
   * the next `forMs`. A smaller share holds back new requests until the window has room for it.
   */
  setShare(requests: number, forMs: number): void {
    this.share = { requests: Math.max(0, Math.floor(requests)), until: this.clock.now() + forMs };
    this.wakeHead?.();
  }

  /**
   * Resolves when the caller may send one request. Callers are served in call order. A caller
   * whose `signal` aborts while it waits is rejected at once and never takes a slot: its turn
   * in the queue passes without delay, so the callers behind it lose nothing.
   */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    this.callersWaiting += 1;
    const turn = this.tail.then(() => this.waitForSlot(signal)).finally(() => (this.callersWaiting -= 1));
    this.tail = turn.catch(() => undefined);
    if (!signal) return turn;
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const onAbort = () => reject(abortReason(signal));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
      turn.then(
        (release) => {
          signal.removeEventListener('abort', onAbort);
          // Aborted between its turn and here: the caller is gone, so is the slot.
          if (signal.aborted) release(false);
          resolve(release);
        },
        (err: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      );
    });
  }

  /**
   * After a 429: hold every caller back, and halve the rate (additive increase, multiplicative
   * decrease). amoCRM's real limit may be lower than ours (another integration shares the
   * account's 50/s, or a stricter plan); resuming at full speed after each pause would keep
   * hitting it, and repeated 429s get the whole account blocked.
   */
  coolDown(): void {
    const now = this.clock.now();
    this.pausedUntil = Math.max(this.pausedUntil, now + this.coolDownMs);
    this.allowed = Math.max(1, Math.floor(this.allowed / 2));
    this.lastAdjustedAt = now;
  }

  /** A request asked now would wait: others wait already, or this window is full. */
  get busy(): boolean {
    const now = this.clock.now();
    return this.callersWaiting > 0 || this.readyAt(now) > now;
  }

  /**
   * How much of the window's budget requests sent lately still hold, 0 to 1 (1: nothing may be sent
   * now). Deal lanes gather items for a moment once it passes a half.
   */
  get load(): number {
    const now = this.clock.now();
    const allowed = this.allowedAt(now);
    if (allowed === 0 || this.pausedUntil > now) return 1;
    return Math.min(1, this.liveSlots(now).length / allowed);
  }

  /** Current requests per window (for tests and logs). */
  get currentLimit(): number {
    return this.allowedAt(this.clock.now());
  }

  private allowedAt(now: number): number {
    this.recover(now);
    if (!this.share) return this.allowed;
    return now < this.share.until ? Math.min(this.allowed, this.share.requests) : 0;
  }

  private recover(now: number): void {
    if (this.allowed >= this.limit) return;
    const quietWindows = Math.floor((now - this.lastAdjustedAt) / this.spanMs);
    if (quietWindows <= 0) return;
    this.allowed = Math.min(this.limit, this.allowed + quietWindows);
    this.lastAdjustedAt += quietWindows * this.spanMs;
  }

  private async waitForSlot(signal?: AbortSignal): Promise<ReleaseSlot> {
    for (let now = this.clock.now(), readyAt = this.readyAt(now); readyAt > now; now = this.clock.now(), readyAt = this.readyAt(now)) {
      if (signal?.aborted) throw abortReason(signal);
      // A finished request can free a slot early, and an aborted head gives up its turn: re-check then.
      let wake = () => undefined as void;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      this.wakeHead = wake;
      signal?.addEventListener('abort', wake, { once: true });
      // readyAt is Infinity while every slot waits for its answer: an answer wakes the head (release), and
      // a bounded sleep keeps a timer from overflowing into a 1 ms busy loop.
      await Promise.race([this.clock.sleep(Math.min(readyAt - now, this.spanMs)), woken]);
      signal?.removeEventListener('abort', wake);
      this.wakeHead = null;
    }
    if (signal?.aborted) throw abortReason(signal);
    const slot: Slot = { sentAt: this.clock.now(), doneAt: null };
    this.slots.push(slot);
    return (sent = true) => {
      if (!sent) this.slots = this.slots.filter((s) => s !== slot);
      else slot.doneAt ??= this.clock.now();
      this.wakeHead?.();
    };
  }

  /** Latest moment this request can have reached amoCRM (an upper bound while in flight). */
  private arrivalBound(slot: Slot): number {
    return Math.min(slot.doneAt ?? Infinity, slot.sentAt + this.arrivalCapMs);
  }

  /** The slots still counted in the window now (the rest are dropped). */
  private liveSlots(now: number): Slot[] {
    this.slots = this.slots.filter((s) => this.arrivalBound(s) + this.spanMs > now);
    return this.slots;
  }

  private readyAt(now: number): number {
    const allowed = this.allowedAt(now);
    const live = this.liveSlots(now);
    if (allowed === 0) return Math.max(this.pausedUntil, now + NO_SHARE_RECHECK_MS);
    if (live.length < allowed) return this.pausedUntil;
    const bounds = live.map((s) => this.arrivalBound(s)).sort((a, b) => b - a);
    // Also wake when the rate recovers by one (the next quiet window ends).
    const recovery = this.allowed < this.limit ? this.lastAdjustedAt + this.spanMs : Infinity;
    return Math.max(this.pausedUntil, Math.min(bounds[allowed - 1]! + this.spanMs, recovery));
  }
}
