import { performance } from 'node:perf_hooks';
import type { AmoClient } from '../amocrm';
import type { Logger } from '../logging/logger';
import { claimRequestShareUpdate } from '../workflows/amocrm-account/contract';
import type { AmocrmAccount } from './amocrm-account';
import { processHolderId } from './holder-id';

export interface LeaseTimings {
  leaseMs: number;
  renewEveryMs: number;
}

const DEFAULT_TIMINGS: LeaseTimings = { leaseMs: 5_000, renewEveryMs: 1_500 };
/** Taken off every lease, for the time the answer takes to reach us and timer slack. */
const SAFETY_MS = 250;

/**
 * Keeps this process's part of amoCRM's request budget: renews its lease with the account's
 * coordinator and hands each grant to the AmoClient's limiter. A lease counts from the moment
 * the claim was sent (before the coordinator granted it), so this process always stops using a
 * grant before the coordinator stops counting it. No answer — Temporal down, coordinator busy —
 * means the lease lapses and nothing is sent: the budget is never exceeded, only unused.
 */
export class RequestShareLease {
  readonly holder = processHolderId();
  private running = false;
  private wake: (() => void) | undefined;
  private lastShare: number | undefined;
  private failing = false;
  private stopped: Promise<void> = Promise.resolve();
  /** The renewal under way, cut when stopping (its worker may be gone already: it could only time out). */
  private renewal: AbortController | undefined;

  constructor(
    private readonly account: AmocrmAccount,
    private readonly amo: AmoClient,
    private readonly log: Logger,
    private readonly timings: LeaseTimings = DEFAULT_TIMINGS,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    // A loop a stop() has not finished ending yet ends first.
    this.stopped = this.stopped.then(() => this.loop());
  }

  /**
   * Stops renewing: a renewal under way is cancelled, and this resolves once it has ended. Closing
   * the Temporal connection under a call still running would crash the process: the client retries
   * the cut call from a timer, on a channel that is gone.
   */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.renewal?.abort();
    await this.stopped;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      await this.renew();
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, this.timings.renewEveryMs).unref();
      });
    }
  }

  private async renew(): Promise<void> {
    const sentAt = performance.now();
    // One controller per renewal: the client adds a listener to the signal for every call made under it.
    const renewal = (this.renewal = new AbortController());
    try {
      const lease = await this.account.update(claimRequestShareUpdate, { holder: this.holder, leaseMs: this.timings.leaseMs }, this.timings.leaseMs, renewal.signal);
      const left = sentAt + lease.leaseMs - SAFETY_MS - performance.now();
      if (left > 0) this.amo.grantRequestShare(lease.share, left);
      if (lease.share !== this.lastShare || this.failing) {
        this.log.info('amoCRM request share', { holder: this.holder, requestsPerSecond: lease.share, ofBudget: this.account.settings.requestsPerSecond });
      }
      this.lastShare = lease.share;
      this.failing = false;
    } catch (err) {
      if (renewal.signal.aborted) return; // cancelled by stop(): nothing is wrong
      if (!this.failing) {
        this.log.warn('Cannot renew the amoCRM request share; amoCRM calls wait until it is renewed', { holder: this.holder, error: err instanceof Error ? err.message : String(err) });
      }
      this.failing = true;
    } finally {
      if (this.renewal === renewal) this.renewal = undefined;
    }
  }
}
