import { ApplicationFailure } from '@temporalio/common';
import { type AmoErrorKind, isAmoError } from './errors';

import {
  AMO_ACCOUNT_BLOCKED,
  AMO_ATTEMPT_ABANDONED,
  AMO_BAD_RESPONSE,
  AMO_NETWORK,
  AMO_NOT_FOUND,
  AMO_PAYMENT_REQUIRED,
  AMO_RATE_LIMITED,
  AMO_SEARCH_INCOMPLETE,
  AMO_SERVER,
  AMO_TIMEOUT,
  AMO_TOKEN_REVOKED,
  AMO_UNAUTHORIZED,
  AMO_UNEXPECTED,
  AMO_VALIDATION,
} from '../failures/types';

// The failure type of each AmoError kind; the types themselves live in failures/types.ts.
const TYPE_OF: Record<AmoErrorKind, string> = {
  'rate-limited': AMO_RATE_LIMITED,
  'account-blocked': AMO_ACCOUNT_BLOCKED,
  unauthorized: AMO_UNAUTHORIZED,
  'token-revoked': AMO_TOKEN_REVOKED,
  validation: AMO_VALIDATION,
  'payment-required': AMO_PAYMENT_REQUIRED,
  'not-found': AMO_NOT_FOUND,
  server: AMO_SERVER,
  timeout: AMO_TIMEOUT,
  network: AMO_NETWORK,
  'bad-response': AMO_BAD_RESPONSE,
  'search-incomplete': AMO_SEARCH_INCOMPLETE,
  'attempt-abandoned': AMO_ATTEMPT_ABANDONED,
};

// amoCRM sends no Retry-After with its 429s. Its window is one second, so 2 s clears it even
// when several workers collide; the activity retry policy's backoff takes over after that.
export const AMO_RATE_LIMIT_RETRY_DELAY = '2s';

/** Turns anything an amoCRM call threw into the ApplicationFailure an activity should throw. */
export function toActivityFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  if (!isAmoError(err)) {
    const cause = err instanceof Error ? err : new Error(String(err));
    return ApplicationFailure.create({ message: cause.message, type: AMO_UNEXPECTED, cause });
  }
  return ApplicationFailure.create({
    message: err.message,
    type: TYPE_OF[err.kind],
    nonRetryable: !err.retryable,
    nextRetryDelay: err.kind === 'rate-limited' ? AMO_RATE_LIMIT_RETRY_DELAY : undefined,
    details: [{ kind: err.kind, status: err.status ?? null, fieldPaths: err.fieldPaths }],
    cause: err,
  });
}
