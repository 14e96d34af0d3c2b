import { performance } from 'node:perf_hooks';
import type { Context } from '@temporalio/activity';
import { AttemptAbandoned, type AttemptGuard } from '../amocrm';

const HEARTBEAT_EVERY_MS = 2_000;
/** Room after the last request leaves: its own timeout, plus slack for the answer to be handled. */
const SEND_MARGIN_MS = 5_000;

/**
 * One attempt of an amoCRM activity: it heartbeats (liveness: a dead worker's attempt is retried
 * after the heartbeat timeout, a slow one is never overlapped), and it guards the attempt's
 * requests. Nothing more is sent once the attempt may have been replaced by the next one:
 * - the SDK cancelled it (the server timed it out, the activity was cancelled, the worker stops);
 * - its heartbeats stopped for half the heartbeat timeout (an event-loop stall, a paused process):
 *   the server may already have started the next attempt, on another worker;
 * - its start-to-close timeout is near: a request sent now could still be in flight when the
 *   server starts the next attempt.
 * Stall and deadline are measured on the monotonic clock and checked right before each send, so
 * a process resumed after a pause cannot slip a request out before its heartbeat timer notices.
 */
export class ActivityAttempt implements AttemptGuard {
  private readonly controller = new AbortController();
  private readonly stallAfterMs: number;
  private readonly sendUntil: number;
  private lastBeat = performance.now();
  private readonly beat: NodeJS.Timeout;
  private readonly stopListening: () => void;

  constructor(
    private readonly activity: Context,
    requestTimeoutMs: number,
  ) {
    const info = activity.info;
    this.stallAfterMs = (info.heartbeatTimeoutMs ?? 30_000) / 2;
    this.sendUntil = this.lastBeat + info.startToCloseTimeoutMs - requestTimeoutMs - SEND_MARGIN_MS;
    const cancelled = () => this.abandon(`cancelled by Temporal (${String(activity.cancellationSignal.reason ?? 'no reason')})`);
    activity.cancellationSignal.addEventListener('abort', cancelled, { once: true });
    this.stopListening = () => activity.cancellationSignal.removeEventListener('abort', cancelled);
    activity.heartbeat();
    this.beat = setInterval(() => this.tick(), HEARTBEAT_EVERY_MS);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  checkBeforeSend(): void {
    this.checkStall();
    if (performance.now() > this.sendUntil) this.abandon('its start-to-close timeout is too near to send another request');
    if (this.controller.signal.aborted) throw this.controller.signal.reason as Error;
  }

  end(): void {
    clearInterval(this.beat);
    this.stopListening();
  }

  private tick(): void {
    this.checkStall();
    this.lastBeat = performance.now();
    if (!this.controller.signal.aborted) this.activity.heartbeat();
  }

  private checkStall(): void {
    const silentMs = performance.now() - this.lastBeat;
    if (silentMs > this.stallAfterMs) {
      this.abandon(`no heartbeat for ${Math.round(silentMs)} ms: the server may have started the next attempt`);
    }
  }

  private abandon(why: string): void {
    if (!this.controller.signal.aborted) this.controller.abort(new AttemptAbandoned(`attempt ${this.activity.info.attempt} abandoned: ${why}`));
  }
}
