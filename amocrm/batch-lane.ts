import type * as z from 'zod';
import { type ApiTransport } from './api-transport';
import { abandonment, type AttemptGuard } from './attempt-guard';
import { AmoError, isAmoError } from './errors';
import { NothingToSend } from './http-caller';

// Creates that share requests. Every caller joins the lane's queue; one request at a time waits
// for the rate limiter, and when it may leave it takes everything queued (up to `max`). A lone
// deal at low load therefore leaves at once, alone. Under load (the limiter would make a request
// wait anyway) the lane first lingers up to `lingerMs`, or until a batch is full, before it joins
// the limiter's queue: every request a create does not take goes to an order's contact lookup,
// which cannot be batched. Between the two (requests hold much of the budget, but a slot is free)
// a lane that sent a request less than `gatherMs` ago gathers until then: without it, creates
// arriving steadily just below the limit would each take a request of their own and fill amoCRM's
// budget themselves. Only the lane's own recent request makes it wait: a free slot is not left
// unused for creates that may never come (in a burst, that cost orders/s).
//
// What a shared request changes, and how each case keeps one deal per order:
// - one invalid item fails the whole request: the items amoCRM names are refused; the rest are
//   checked (below) and go again; a refusal that names no item sends each item alone;
// - an answer lost after sending (timeout, cut connection, 5xx): after a pause (amoCRM may still be
//   writing), one list query finds what amoCRM did write, and only the rest go again, in smaller
//   requests after a timeout;
// - a 429: nothing was written; the items queue again;
// - an item whose attempt is abandoned while it waits is withdrawn, never sent (also not by the
//   resend after a 401); once sent, it waits for the request's answer like the others (at most the
//   request timeout), so a next attempt's lookup never races a request of ours still on the wire;
// - a second create for an order whose first is still queued or in flight waits for that one's
//   outcome instead of sending its own.

/** Kinds of failure after which amoCRM may or may not have written the batch. */
const UNCERTAIN = new Set(['timeout', 'network', 'server', 'bad-response']);
const LINGER_CHECK_MS = 100;
/** How long after a lost answer the check waits: amoCRM may still be writing what timed out. */
const CHECK_DELAY_MS = 5_000;
/** Lost answers or 429s for one item before its caller gets the failure (and its activity retries). */
const MAX_ROUNDS = 3;

interface Waiting<R> {
  requestId: string;
  body: Record<string, unknown>;
  guard?: AttemptGuard;
  /** Send in a request of its own: a refusal named no item. */
  alone: boolean;
  rounds: number;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
  onAbort?: () => void;
}

export interface BatchLaneOptions<R, B> {
  path: string;
  /** Most items in one request (amoCRM: 250 for /leads, 50 for /leads/complex). */
  max: number;
  schema: z.ZodType<B>;
  /** Each item's result out of the answer, by request_id (`sent`: the request ids in the order sent). An error: that item failed. */
  results: (body: B, sent: string[]) => Map<string, R | AmoError>;
  /**
   * After a lost answer: what amoCRM wrote of these request ids, sent at `sentAtMs` (one list query,
   * through `api`). An error for an id: it was written but cannot be used (its caller gets the error).
   */
  committed: (requestIds: string[], sentAtMs: number, api: ApiTransport) => Promise<Map<string, R | AmoError>>;
  /** The limiter would make a request wait now: the lane lingers before it queues. */
  busy?: () => boolean;
  /** How long a lane lingers while `busy`. */
  lingerMs?: number;
  /** Requests already take much of the budget (not all of it): the lane sends at most one request per `gatherMs`. */
  pressed?: () => boolean;
  gatherMs?: number;
  /** Told the size of every batch that leaves (metrics). */
  onSend?: (size: number) => void;
}

export class BatchLane<R, B> {
  private pending: Waiting<R>[] = [];
  /** A request is waiting for the limiter; it will take what is pending when it may leave. */
  private waiting = false;
  private lingering: NodeJS.Timeout | undefined;
  /** When this lane's last request left (its gather counts from there). */
  private lastSentAt = 0;
  /** Ends that request's wait for the limiter once nothing is left for it to carry. */
  private waitAbort: AbortController | undefined;
  /** Every order with a create queued or in flight, and its outcome. */
  private readonly outcomes = new Map<string, Promise<R>>();
  /** Items per request now: halved after a timeout, back up after each answer. */
  private limit: number;

  constructor(
    private readonly api: ApiTransport,
    private readonly o: BatchLaneOptions<R, B>,
  ) {
    if (!(o.max >= 1)) throw new RangeError('a batch holds at least one item');
    this.limit = o.max;
  }

  /** Queues one item; resolves with its result once a request carrying it was answered. */
  add(requestId: string, body: Record<string, unknown>, guard?: AttemptGuard): Promise<R> {
    const earlier = this.outcomes.get(requestId);
    // An earlier attempt's create of this order is still under way here: its outcome is this one's;
    // only if it failed does this one go on its own.
    if (earlier) return earlier.then((result) => result, () => this.add(requestId, body, guard));
    const outcome = new Promise<R>((resolve, reject) => {
      this.enqueue([{ requestId, body, guard, alone: false, rounds: 0, resolve, reject }], 'back');
    });
    this.outcomes.set(requestId, outcome);
    const forget = () => {
      if (this.outcomes.get(requestId) === outcome) this.outcomes.delete(requestId);
    };
    outcome.then(forget, forget);
    return outcome;
  }

  /** Items waiting for a request (for tests and logs). */
  get queued(): number {
    return this.pending.length;
  }

  private enqueue(items: Waiting<R>[], where: 'front' | 'back'): void {
    const live = items.filter((item) => this.watch(item));
    this.pending = where === 'front' ? [...live, ...this.pending] : [...this.pending, ...live];
    this.schedule();
  }

  /** Withdraws the item while it waits, once its attempt is abandoned; false if it already is. */
  private watch(item: Waiting<R>): boolean {
    const guard = item.guard;
    if (!guard) return true;
    if (guard.signal.aborted) {
      item.reject(notSent(this.o.path, abandonment(guard.signal).message));
      return false;
    }
    item.onAbort = () => {
      const at = this.pending.indexOf(item);
      if (at < 0) return;
      this.pending.splice(at, 1);
      item.reject(notSent(this.o.path, abandonment(guard.signal).message));
      // A request waiting for the limiter with nothing left to carry would wait on (for a share
      // that may never come, keeping a stopping worker alive): end its wait.
      if (this.pending.length === 0) this.waitAbort?.abort();
    };
    guard.signal.addEventListener('abort', item.onAbort, { once: true });
    return true;
  }

  private unwatch(item: Waiting<R>): void {
    if (item.onAbort) item.guard?.signal.removeEventListener('abort', item.onAbort);
    item.onAbort = undefined;
  }

  private schedule(): void {
    if (this.waiting || this.pending.length === 0) return;
    // An item that must go alone gains nothing from waiting for others.
    const full = this.pending.length >= this.limit || this.pending[0]!.alone;
    if (this.lingering) {
      if (!full) return;
      this.stopLingering();
    } else if (!full && this.o.lingerMs && this.o.busy?.()) {
      return this.linger(this.o.lingerMs, this.o.busy);
    } else if (!full && this.o.gatherMs && Date.now() - this.lastSentAt < this.o.gatherMs && this.o.pressed?.()) {
      // Until `gatherMs` after its last request, or the pressure eases (then it leaves at once).
      return this.linger(this.lastSentAt + this.o.gatherMs - Date.now(), this.o.pressed);
    }
    this.queueRequest();
  }

  /** Waits while `keep()` says so (rechecked every LINGER_CHECK_MS), `ms` at most, or until a batch is full. */
  private linger(ms: number, keep: () => boolean): void {
    const until = Date.now() + ms;
    const check = () => {
      if (keep() && Date.now() < until) return void (this.lingering = setTimeout(check, LINGER_CHECK_MS));
      this.lingering = undefined;
      this.queueRequest();
    };
    this.lingering = setTimeout(check, LINGER_CHECK_MS);
  }

  private stopLingering(): void {
    clearTimeout(this.lingering);
    this.lingering = undefined;
  }

  private queueRequest(): void {
    if (this.waiting || this.pending.length === 0) return;
    this.waiting = true;
    const request = new AbortController();
    this.waitAbort = request;
    // Aborted while it waits once nothing is left to carry; once it carries items, only when every
    // one of their attempts was abandoned (then nobody waits for it: it ends as a lone request would).
    const api = this.api.withGuard({ signal: request.signal, checkBeforeSend: () => undefined });
    let batch: Waiting<R>[] | undefined;
    let sentAt = 0;
    let stopWatching = () => undefined as void;
    const compose = () => {
      if (batch === undefined) {
        this.waitAbort = undefined;
        batch = this.take();
        this.waiting = false;
        // What did not fit waits for the next request: it queues for the limiter right away, after
        // a linger or gather if the limiter is busy or pressed (a full batch never waits).
        this.schedule();
        if (batch.length > 0) {
          this.lastSentAt = Date.now();
          this.o.onSend?.(batch.length);
        }
        stopWatching = whenAllAbandoned(batch, () => request.abort(new Error('every attempt it carried was abandoned')));
      } else {
        // Sent again after a 401 (a new token): only the items whose attempts may still send.
        batch = batch.filter((item) => this.mayStillSend(item));
      }
      sentAt = Date.now();
      return batch.length > 0 ? batch.map((item) => item.body) : undefined;
    };
    api.requestBody({ method: 'POST', path: this.o.path, compose, schema: this.o.schema }).then(
      (body) => {
        stopWatching();
        this.answered(batch ?? [], body);
      },
      (err: unknown) => {
        stopWatching();
        if (batch) return this.failed(batch, err, sentAt);
        this.waiting = false;
        if (this.waitAbort === request) this.waitAbort = undefined;
        // Its wait ended because every item left: whatever came since gets a request of its own.
        if (request.signal.aborted || err instanceof NothingToSend) return this.schedule();
        // It failed before it could leave (no token, say): every waiting item would fail the same way.
        const all = this.pending;
        this.pending = [];
        for (const item of all) {
          this.unwatch(item);
          item.reject(err);
        }
      },
    );
  }

  /** The next request's items: in queue order, one per request id, withdrawn attempts left out. */
  private take(): Waiting<R>[] {
    const batch: Waiting<R>[] = [];
    const ids = new Set<string>();
    const rest: Waiting<R>[] = [];
    // Detached first: a guard that gives up in checkBeforeSend fires its abort listener right there.
    const queue = this.pending;
    this.pending = [];
    for (const item of queue) {
      const full = batch.length >= this.limit || batch.some((b) => b.alone) || (item.alone && batch.length > 0);
      if (full || ids.has(item.requestId)) {
        rest.push(item);
        continue;
      }
      this.unwatch(item);
      if (!this.mayStillSend(item)) continue;
      ids.add(item.requestId);
      batch.push(item);
    }
    this.pending = [...rest, ...this.pending];
    return batch;
  }

  /** Refuses the item (never sent) when its attempt must not send any more. */
  private mayStillSend(item: Waiting<R>): boolean {
    try {
      item.guard?.checkBeforeSend();
      return true;
    } catch (err) {
      item.reject(notSent(this.o.path, (err as Error).message));
      return false;
    }
  }

  private answered(batch: Waiting<R>[], body: B): void {
    this.limit = Math.min(this.o.max, this.limit * 2);
    const results = this.o.results(
      body,
      batch.map((item) => item.requestId),
    );
    // One deal answered for two orders (amoCRM merged them): neither order can take it as its own.
    const claims = new Map<unknown, number>();
    for (const result of results.values()) if (!(result instanceof AmoError)) claims.set(dealKey(result), (claims.get(dealKey(result)) ?? 0) + 1);
    for (const item of batch) {
      const result = results.get(item.requestId);
      if (result === undefined) item.reject(new AmoError('bad-response', `the answer has no item with request_id ${item.requestId}`, { request: `POST ${this.o.path}` }));
      else if (result instanceof AmoError) item.reject(result);
      else if ((claims.get(dealKey(result)) ?? 0) > 1) item.reject(new AmoError('bad-response', `amoCRM answered one deal for several orders of the batch, ${item.requestId} among them; check them by hand`, { request: `POST ${this.o.path}` }));
      else item.resolve(result);
    }
  }

  private async failed(batch: Waiting<R>[], err: unknown, sentAt: number): Promise<void> {
    if (!isAmoError(err) || batch.length === 0) return batch.forEach((item) => item.reject(err));
    if (err.kind === 'validation') return this.recheck(this.refused(batch, err), err, sentAt);
    if (err.kind === 'rate-limited') return this.again(batch, err);
    if (!UNCERTAIN.has(err.kind)) return batch.forEach((item) => item.reject(err));
    // A timeout or a 504 may be the batch's size: smaller requests until one is answered.
    if (err.kind === 'timeout' || err.status === 504) this.limit = Math.max(1, Math.ceil(batch.length / 2));
    for (const item of batch) item.rounds += 1;
    await new Promise((resolve) => setTimeout(resolve, CHECK_DELAY_MS));
    return this.recheck(batch, err, sentAt);
  }

  /** Nothing was written (a 429): the items queue again, at the front. */
  private again(items: Waiting<R>[], err: AmoError): void {
    const again: Waiting<R>[] = [];
    for (const item of items) {
      if (++item.rounds >= MAX_ROUNDS) item.reject(err);
      else again.push(item);
    }
    this.enqueue(again, 'front');
  }

  /**
   * Items of a request that failed: one list query says which amoCRM wrote anyway, and only the rest
   * go again. After a lost answer that is the point; after a refusal amoCRM should have written
   * nothing, and the check makes sure a batch it partly wrote is not written twice.
   */
  private async recheck(items: Waiting<R>[], err: AmoError, sentAt: number): Promise<void> {
    if (items.length === 0) return;
    const check = new AbortController();
    const stopWatching = whenAllAbandoned(items, () => check.abort(new Error('every attempt it checks for was abandoned')));
    let committed: Map<string, R | AmoError>;
    try {
      committed = await this.o.committed(
        items.map((item) => item.requestId),
        sentAt,
        this.api.withGuard({ signal: check.signal, checkBeforeSend: () => undefined }),
      );
    } catch (checkErr) {
      // Unknown what amoCRM holds: each caller's retry looks its own deal up before creating it. After a lost
      // answer they get that failure; after a refusal (not theirs) a retryable one.
      const failure =
        err.kind !== 'validation' ? err : isAmoError(checkErr) && checkErr.retryable ? checkErr : new AmoError('network', `could not check what amoCRM wrote: ${String(checkErr)}`, { request: `GET ${this.o.path}`, cause: checkErr });
      return items.forEach((item) => item.reject(failure));
    } finally {
      stopWatching();
    }
    const again: Waiting<R>[] = [];
    for (const item of items) {
      const result = committed.get(item.requestId);
      if (result instanceof AmoError) item.reject(result);
      else if (result !== undefined) item.resolve(result);
      else if (item.rounds >= MAX_ROUNDS) item.reject(err);
      else again.push(item);
    }
    this.enqueue(again, 'front');
  }

  /** Refuses the items amoCRM named; answers the others (sent alone from now on when it named none). */
  private refused(batch: Waiting<R>[], err: AmoError): Waiting<R>[] {
    if (batch.length === 1) {
      batch[0]!.reject(err);
      return [];
    }
    const named = batch.filter((item) => err.invalidItems[item.requestId] !== undefined);
    for (const item of named) {
      const fieldPaths = err.invalidItems[item.requestId]!;
      item.reject(new AmoError('validation', `item ${item.requestId} of a batch of ${batch.length} refused`, { status: err.status, request: err.request, fieldPaths, cause: err }));
    }
    const rest = batch.filter((item) => !named.includes(item));
    // Refused without naming an item: nobody can tell which, so each goes alone.
    if (named.length === 0) for (const item of rest) item.alone = true;
    return rest;
  }
}

/** Calls `then` once every item's attempt was abandoned (never, if an item has no guard); answers how to stop watching. */
function whenAllAbandoned<R>(items: Waiting<R>[], then: () => void): () => void {
  const guards = items.map((item) => item.guard);
  if (guards.length === 0 || guards.some((g) => g === undefined)) return () => undefined;
  const signals = guards.map((g) => g!.signal);
  const check = () => {
    if (signals.every((s) => s.aborted)) then();
  };
  for (const s of signals) s.addEventListener('abort', check, { once: true });
  check();
  return () => signals.forEach((s) => s.removeEventListener('abort', check));
}

/** What identifies a result's deal, for telling two orders given one deal apart. */
function dealKey(result: unknown): unknown {
  return typeof result === 'object' && result !== null && 'dealId' in result ? (result).dealId : result;
}

function notSent(path: string, why: string): AmoError {
  return new AmoError('attempt-abandoned', `not sent: ${why}`, { request: `POST ${path}` });
}
