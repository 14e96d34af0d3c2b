import { defineQuery } from '@temporalio/workflow';

export interface BackfillInput {
  /** Company 1 orders created at or after this time (ISO) get a deal if they have none. */
  since: string;
  /** Orders in flight at once (started, deal not yet created): leaves amoCRM's budget to live orders too. */
  window: number;
  /** How often the orders in flight are checked (ms). */
  checkEveryMs: number;
  /** Carried across continue-as-new. */
  resume?: { progress: BackfillProgress; inFlight: string[]; recentlyDone: [string, number][]; cursor?: string; exhausted?: boolean };
}

export interface BackfillProgress {
  phase: 'counting' | 'creating-deals' | 'done';
  /** Orders created since `since` (until the backfill started) that had no deal when it counted them. */
  total: number;
  /**
   * Of those, orders whose deal now exists. While it runs: the deals it saw created; at the end, from a
   * second count, so deals a notification or the feed created meanwhile count too.
   */
  done: number;
  /** Orders whose workflow ended without a deal; at the end: every order still without one. */
  needingAttention: number;
  inFlight: number;
  /** Of those in flight, how many are flagged (retrying amoCRM or Company 1, or waiting for an operator). */
  flagged?: number;
  /** Orders that already had a deal, or that Company 1 rejected: nothing to do. */
  skipped: number;
  startedAt: string;
  /** The newest order's creation time at the count: the backfill covers orders up to it. */
  until?: string;
  /** Deals per minute since the backfill started creating them. */
  perMinute: number;
  /** Estimated seconds left, from that rate. */
  secondsLeft?: number;
}

export const backfillProgressQuery = defineQuery<BackfillProgress>('progress');

/**
 * The orders a backfill is for: created at or after `since` and, once counted, up to `until`: the newest
 * creation time the count saw, in Company 1's own clock (later orders are the live system's).
 */
export interface BackfillScope {
  since: string;
  until?: string;
}

/** One page of Company 1's orders handed over (activities/backfill.ts). */
export interface BackfillPage {
  /** Order ids whose workflow now runs (started now, or already running) and that have no deal yet. */
  running: string[];
  /** Orders with a deal already, rejected by Company 1, or created before `since`. */
  skipped: number;
  /** Orders whose workflow had already ended without a deal (failed or terminated): an operator's. */
  ended: number;
  nextCursor?: string;
  /** No more pages. */
  exhausted: boolean;
}

/** What became of orders in flight (activities/backfill.ts). */
export interface BackfillCheck {
  withDeal: string[];
  /** Their workflow ended without a deal (failed, terminated). */
  ended: string[];
  /** Still running but flagged NeedsAttention (retrying, or waiting for an operator's fix): they stay in flight. */
  flagged: number;
}
