import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { AMO_BAD_RESPONSE, AMO_VALIDATION } from '../../amocrm/activity-failure';
import { COMPANY1_BAD_REQUEST, COMPANY1_BAD_RESPONSE, COMPANY1_NOT_FOUND, COMPANY1_UNPROCESSABLE } from '../../company1/errors';
import { DEAL_WITHOUT_CONTACT } from '../failure-types';

/**
 * Failures that the same request can never get past: amoCRM or Company 1 refused what we sent
 * (a field, a configured id) or answered something we cannot read. Retrying on a timer would
 * only fail again, so the order waits for an operator to fix the data or the configuration
 * and send `retry`. Everything else (blocked account, expired token, outages) heals without
 * touching the order and is retried on a timer.
 */
export const NEEDS_A_FIX: readonly string[] = [AMO_VALIDATION, AMO_BAD_RESPONSE, DEAL_WITHOUT_CONTACT, COMPANY1_NOT_FOUND, COMPANY1_BAD_REQUEST, COMPANY1_UNPROCESSABLE, COMPANY1_BAD_RESPONSE];

/** What an activity failed with. A local activity's failure reaches the workflow unwrapped (no ActivityFailure). */
export type StepFailure = ActivityFailure | ApplicationFailure;

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
