import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import { AMO_NON_RETRYABLE_TYPES, COMPANY1_NON_RETRYABLE_TYPES, CONTACT_ENTITY_FAILED, DEAL_WITHOUT_CONTACT, INVALID_ORDER } from '../failures/types';

// One profile per kind of I/O. Retries are bounded: when they run out
// the workflow flags the order for an operator instead of retrying silently forever.

/** amoCRM calls, on their own rate-limited task queue. A 429 retries after the delay the activity asks for. */
export const amocrmActivityOptions = (taskQueue: string): ActivityOptions => ({
  taskQueue,
  // Attempts heartbeat (activities/amocrm.ts): a crashed worker's attempt is retried after
  // the heartbeat timeout, while a slow one is never overlapped by its retry. The hard bound
  // stays far above the limiter's queue plus two 10 s HTTP calls.
  heartbeatTimeout: '15s',
  startToCloseTimeout: '3m',
  scheduleToCloseTimeout: '15m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: [...AMO_NON_RETRYABLE_TYPES, DEAL_WITHOUT_CONTACT] },
});

/** Company 1 calls. */
export const company1ActivityOptions: ActivityOptions = {
  startToCloseTimeout: '30s',
  scheduleToCloseTimeout: '15m',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '1m',
    nonRetryableErrorTypes: [...COMPANY1_NON_RETRYABLE_TYPES, INVALID_ORDER],
  },
};

/** Checks in the worker itself (local activities): no task-queue round trip. */
export const localCheckOptions: LocalActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumAttempts: 5, nonRetryableErrorTypes: [INVALID_ORDER] },
};

/** Waits on the user's contact entity workflow, which itself waits on rate-limited amoCRM calls. */
export const contactEntityActivityOptions: ActivityOptions = {
  startToCloseTimeout: '3m',
  heartbeatTimeout: '20s',
  scheduleToCloseTimeout: '20m',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '1m',
    nonRetryableErrorTypes: [...AMO_NON_RETRYABLE_TYPES, DEAL_WITHOUT_CONTACT, CONTACT_ENTITY_FAILED],
  },
};
