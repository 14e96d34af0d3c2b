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
// which cannot be batched.
//
// What a shared request changes, and how each case keeps one deal per order:
// - one invalid item fails the whole request (amoCRM writes nothing): the items amoCRM names are
//   refused, the rest go again; a refusal that names no item sends each item alone;
// - an answer lost after sending (timeout, cut connection, 5xx): one list query finds what amoCRM
//   did commit, and only the rest go again;
// - an item whose attempt is abandoned while it waits is withdrawn, never sent; once sent, it waits
//   for the request's answer like the others (at most the request timeout), so a next attempt's
//   lookup never races a request of ours still on the wire.

/** Kinds of failure after which amoCRM may or may not have written the batch. */
const UNCERTAIN = new Set(['timeout', 'network', 'server', 'bad-response']);
const LINGER_CHECK_MS = 100;
/** Lost answers in a row for one item before its caller gets the failure (and its activity retries). */
const MAX_UNCERTAIN_ROUNDS = 3;

interface Waiting<R> {
  requestId: string;
  body: Record<string, unknown>;
  guard?: AttemptGuard;
  /** Send in a request of its own: a refusal named no item. */
  alone: boolean;
  uncertainRounds: number;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
  onAbort?: () => void;
}

export interface BatchLaneOptions<R, B> {
  path: string;
  /** Most items in one request (amoCRM: 250 for /leads, 50 for /leads/complex). */
  max: number;
  schema: z.ZodType<B>;
  /** Each item's result out of the answer, by request_id. */
  results: (body: B) => Map<string, R>;
  /**
   * After a lost answer: what amoCRM committed of these request ids, sent at `sentAtMs` (one list
   * query). An error for an id: it was committed but cannot be used (its caller gets the error).
   */
  committed: (requestIds: string[], sentAtMs: number) => Promise<Map<string, R | AmoError>>;
  /** The limiter would make a request wait now: the lane lingers before it queues. */
  busy?: () => boolean;
  /** How long a lane lingers while `busy`. */
  lingerMs?: number;
  /** Told the size of every batch that leaves (metrics). */
  onSend?: (size: number) => void;
}

export class BatchLane<R, B> {
  private pending: Waiting<R>[] = [];
  /** A request is waiting for the limiter; it will take what is pending when it may leave. */
  private waiting = false;
  /** Ends that request's wait for the limiter once nothing is left for it to carry. */
  private waitAbort: AbortController | undefined;
  private lingering: NodeJS.Timeout | undefined;

  constructor(
    private readonly api: ApiTransport,
    private readonly o: BatchLaneOptions<R, B>,
  ) {
    if (!(o.max >= 1)) throw new RangeError('a batch holds at least one item');
  }

  /** Queues one item; resolves with its result once a request carrying it was answered. */
  add(requestId: string, body: Record<string, unknown>, guard?: AttemptGuard): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const item: Waiting<R> = { requestId, body, guard, alone: false, uncertainRounds: 0, resolve, reject };
      this.enqueue([item], 'back');
    });
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
    const full = this.pending.length >= this.o.max;
    if (this.lingering) {
      if (!full) return;
      this.stopLingering();
    } else if (!full && this.o.lingerMs && this.o.busy?.()) {
      return this.linger(this.o.lingerMs, this.o.busy);
    }
    this.queueRequest();
  }

  /** Waits until the limiter has room again, or `ms` passed, rechecking every LINGER_CHECK_MS. */
  private linger(ms: number, busy: () => boolean): void {
    const until = Date.now() + ms;
    const check = () => {
      if (busy() && Date.now() < until) return void (this.lingering = setTimeout(check, LINGER_CHECK_MS));
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
    const waitAbort = new AbortController();
    this.waitAbort = waitAbort;
    // Aborting only ever ends the wait: once composed, the request belongs to all its items and is never cut off.
    const api = this.api.withGuard({ signal: waitAbort.signal, checkBeforeSend: () => undefined });
    let batch: Waiting<R>[] | undefined;
    let sentAt = 0;
    const compose = () => {
      this.waitAbort = undefined;
      batch = this.take();
      sentAt = Date.now();
      this.waiting = false;
      // What did not fit waits for the next request, which queues for the limiter right away.
      this.schedule();
      if (batch.length === 0) return undefined;
      this.o.onSend?.(batch.length);
      return batch.map((item) => item.body);
    };
    api.requestBody({ method: 'POST', path: this.o.path, compose, schema: this.o.schema }).then(
      (body) => this.answered(batch ?? [], body),
      (err: unknown) => {
        if (batch) return this.failed(batch, err, sentAt);
        this.waiting = false;
        if (this.waitAbort === waitAbort) this.waitAbort = undefined;
        // Its wait ended because every item left: whatever came since gets a request of its own.
        if (waitAbort.signal.aborted || err instanceof NothingToSend) return this.schedule();
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
      const full = batch.length >= this.o.max || batch.some((b) => b.alone) || (item.alone && batch.length > 0);
      if (full || ids.has(item.requestId)) {
        rest.push(item);
        continue;
      }
      try {
        item.guard?.checkBeforeSend();
      } catch (err) {
        this.unwatch(item);
        item.reject(notSent(this.o.path, (err as Error).message));
        continue;
      }
      this.unwatch(item);
      ids.add(item.requestId);
      batch.push(item);
    }
    this.pending = [...rest, ...this.pending];
    return batch;
  }

  private answered(batch: Waiting<R>[], body: B): void {
    const results = this.o.results(body);
    for (const item of batch) {
      const result = results.get(item.requestId);
      if (result !== undefined) item.resolve(result);
      else item.reject(new AmoError('bad-response', `the answer has no item with request_id ${item.requestId}`, { request: `POST ${this.o.path}` }));
    }
  }

  private async failed(batch: Waiting<R>[], err: unknown, sentAt: number): Promise<void> {
    if (!isAmoError(err) || batch.length === 0) return batch.forEach((item) => item.reject(err));
    if (err.kind === 'validation') return this.recheck(this.refused(batch, err), err, sentAt);
    if (!UNCERTAIN.has(err.kind)) return batch.forEach((item) => item.reject(err));
    for (const item of batch) item.uncertainRounds += 1;
    return this.recheck(batch, err, sentAt);
  }

  /**
   * Items of a request that failed: one list query says which amoCRM committed anyway, and only the
   * rest go again. After a lost answer that is the point; after a refusal amoCRM should have written
   * nothing, and the check makes sure a batch it partly wrote is not written twice.
   */
  private async recheck(items: Waiting<R>[], err: AmoError, sentAt: number): Promise<void> {
    if (items.length === 0) return;
    let committed: Map<string, R | AmoError>;
    try {
      committed = await this.o.committed(items.map((item) => item.requestId), sentAt);
    } catch (checkErr) {
      // Unknown what amoCRM holds: each caller's retry looks its own deal up before creating it.
      const retryable = err.retryable ? err : isAmoError(checkErr) ? checkErr : err;
      return items.forEach((item) => item.reject(retryable));
    }
    const again: Waiting<R>[] = [];
    for (const item of items) {
      const result = committed.get(item.requestId);
      if (result instanceof AmoError) item.reject(result);
      else if (result !== undefined) item.resolve(result);
      else if (item.uncertainRounds >= MAX_UNCERTAIN_ROUNDS) item.reject(err);
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

function notSent(path: string, why: string): AmoError {
  return new AmoError('attempt-abandoned', `not sent: ${why}`, { request: `POST ${path}` });
}
