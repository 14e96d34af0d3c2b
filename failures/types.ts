// Every failure type the integration raises, in one place: activities and API clients throw
// ApplicationFailures with these types, workflows and retry policies match on them (never on
// class names or messages). Plain constants with no imports, so workflow code can use them.

// amoCRM answers (amocrm/activity-failure.ts maps AmoError kinds onto these).
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
/** A lookup by id matched more candidates than we page through: "absent" would be a guess. */
export const AMO_SEARCH_INCOMPLETE = 'AmoSearchIncomplete';
/** An attempt stopped before sending (cancelled, near its timeout, or stalled): the next attempt retries. */
export const AMO_ATTEMPT_ABANDONED = 'AmoAttemptAbandoned';
/** Anything an amoCRM call threw that is not an AmoError (a bug on our side): retryable. */
export const AMO_UNEXPECTED = 'AmoUnexpected';
/** amoCRM does not know the contact a deal was to be linked to (a manager merged or deleted it). */
export const AMO_CONTACT_GONE = 'AmoContactGone';

// Company 1 answers (company1/errors.ts maps Company1Error kinds onto these).
export const COMPANY1_NOT_FOUND = 'Company1NotFound';
export const COMPANY1_BAD_REQUEST = 'Company1BadRequest';
export const COMPANY1_UNPROCESSABLE = 'Company1Unprocessable';
export const COMPANY1_UNAUTHORIZED = 'Company1Unauthorized';
export const COMPANY1_CONFLICT = 'Company1Conflict';
export const COMPANY1_SERVER_ERROR = 'Company1ServerError';
export const COMPANY1_TIMEOUT = 'Company1Timeout';
export const COMPANY1_NETWORK_ERROR = 'Company1NetworkError';
export const COMPANY1_BAD_RESPONSE = 'Company1BadResponse';
/** Anything that is not a Company1Error (a bug on our side): left retryable, as Temporal would by default. */
export const COMPANY1_UNEXPECTED = 'Company1Unexpected';

// Our own activities.
/** The order cannot become a deal (no phone, unknown service, …): the fields are named. */
export const INVALID_ORDER = 'InvalidOrder';
export const CONTACT_ENTITY_FAILED = 'ContactEntityFailed';
export const DEAL_WITHOUT_CONTACT = 'DealWithoutContact';

/** amoCRM failures that retrying the same request cannot fix (activity retry policies stop on them). */
export const AMO_NON_RETRYABLE_TYPES: readonly string[] = [
  AMO_ACCOUNT_BLOCKED,
  AMO_UNAUTHORIZED,
  AMO_TOKEN_REVOKED,
  AMO_VALIDATION,
  AMO_PAYMENT_REQUIRED,
  AMO_NOT_FOUND,
  AMO_BAD_RESPONSE,
  AMO_CONTACT_GONE,
  AMO_SEARCH_INCOMPLETE,
];

/** Company 1 failures that retrying the same request cannot fix. */
export const COMPANY1_NON_RETRYABLE_TYPES: readonly string[] = [
  COMPANY1_NOT_FOUND,
  COMPANY1_BAD_REQUEST,
  COMPANY1_UNPROCESSABLE,
  COMPANY1_UNAUTHORIZED,
  COMPANY1_CONFLICT,
  COMPANY1_BAD_RESPONSE,
];

/**
 * Failures that the same request can never get past: amoCRM or Company 1 refused what we sent
 * (a field, a configured id) or answered something we cannot read. Retrying on a timer would
 * only fail again, so an order waits for an operator to fix the data or the configuration and
 * send `retry`. Everything else (blocked account, expired token, outages) heals without touching
 * the order and is retried on a timer.
 */
export const NEEDS_A_FIX: readonly string[] = [
  AMO_VALIDATION,
  AMO_BAD_RESPONSE,
  AMO_SEARCH_INCOMPLETE,
  DEAL_WITHOUT_CONTACT,
  COMPANY1_NOT_FOUND,
  COMPANY1_BAD_REQUEST,
  COMPANY1_UNPROCESSABLE,
  COMPANY1_BAD_RESPONSE,
];
