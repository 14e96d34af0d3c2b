/**
 * The caller's say over its own requests. An activity attempt that was abandoned — cancelled,
 * timed out, or stalled long enough that the server may have started the next attempt — must
 * not send anything more: the next attempt may already have created the deal, and a late POST
 * from this one would create a second.
 */
export interface AttemptGuard {
  /** Aborted once the attempt is abandoned: queued requests leave the limiter, in-flight ones are cut. */
  readonly signal: AbortSignal;
  /** Called right before each request leaves; throws when this attempt must not send any more. */
  checkBeforeSend(): void;
}

export class AttemptAbandoned extends Error {
  override readonly name = 'AttemptAbandoned';
}

/** Why a guard's signal was aborted, as an error (AbortSignal reasons can be anything). */
export function abandonment(signal: AbortSignal): AttemptAbandoned {
  const reason: unknown = signal.reason;
  if (reason instanceof AttemptAbandoned) return reason;
  return new AttemptAbandoned(reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : 'aborted');
}
