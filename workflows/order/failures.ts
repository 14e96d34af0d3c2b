import { ActivityFailure, ApplicationFailure, type TimeoutFailure } from '@temporalio/workflow';

/** What an activity failed with. A local activity's failure reaches the workflow unwrapped (no ActivityFailure). */
export type StepFailure = ActivityFailure | ApplicationFailure | TimeoutFailure;

export function failureText(err: StepFailure): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) return `${cause.type ?? 'Error'}: ${cause.message}`;
  return cause?.message ?? err.message;
}

export function failureType(err: unknown): string | undefined {
  if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) return err.cause.type ?? undefined;
  if (err instanceof ApplicationFailure) return err.type ?? undefined;
  return undefined;
}
