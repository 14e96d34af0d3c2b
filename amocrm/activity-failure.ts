import { ApplicationFailure } from '@temporalio/common';
import { type AmoErrorKind, isAmoError } from './errors';

// Failure types activities raise for amoCRM errors. Retry policies match on these strings
// (never on class names); list AMO_NON_RETRYABLE_TYPES in `nonRetryableErrorTypes`.
export const AMO_RATE_LIMITED = 'AmoRateLimited';
export const AMO_ACCOUNT_BLOCKED = 'AmoAccountBlocked';
export const AMO_UNAUTHORIZED = 'AmoUnauthorized';
export const AMO_TOKEN_REVOKED = 'AmoTokenRevoked';
export const AMO_VALIDATION = 'AmoValidation';
export const AMO_PAYMENT_REQUIRED = 'AmoPaymentRequired';
export const AMO_NOT_FOUND = 'AmoNotFound';
export const AMO_SERVER = 'AmoServer';
export const AMO_TIMEOUT = 'AmoTimeout';
export const AMO_NETWORK = 'AmoNetwork';
export const AMO_BAD_RESPONSE = 'AmoBadResponse';

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
};

export const AMO_NON_RETRYABLE_TYPES: readonly string[] = [
  AMO_ACCOUNT_BLOCKED,
  AMO_UNAUTHORIZED,
  AMO_TOKEN_REVOKED,
  AMO_VALIDATION,
  AMO_PAYMENT_REQUIRED,
  AMO_NOT_FOUND,
  AMO_BAD_RESPONSE,
];

// amoCRM sends no Retry-After with its 429s. Its window is one second, so 2 s clears it even
// when several workers collide; the activity retry policy's backoff takes over after that.
export const AMO_RATE_LIMIT_RETRY_DELAY = '2s';

/** Turns anything an amoCRM call threw into the ApplicationFailure an activity should throw. */
export function toActivityFailure(err: unknown): ApplicationFailure {
  if (err instanceof ApplicationFailure) return err;
  if (!isAmoError(err)) {
    const cause = err instanceof Error ? err : new Error(String(err));
    return ApplicationFailure.create({ message: cause.message, type: 'AmoUnexpected', cause });
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
