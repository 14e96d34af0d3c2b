import type { ActivityOptions } from '@temporalio/workflow';
import { AMO_NON_RETRYABLE_TYPES } from '../amocrm/activity-failure';
import { COMPANY1_NON_RETRYABLE_TYPES } from '../company1/errors';
import { INVALID_ORDER } from './failure-types';

// One profile per kind of I/O (style.md §2). Retries are bounded: when they run out
// the workflow flags the order for an operator instead of retrying silently forever.

/** amoCRM calls, on their own rate-limited task queue. A 429 retries after the delay the activity asks for. */
export const amocrmActivityOptions = (taskQueue: string): ActivityOptions => ({
  taskQueue,
  // One HTTP call (10 s timeout) plus the client-side limiter's queue: a lost attempt
  // (crashed worker) is retried after this long.
  startToCloseTimeout: '20s',
  scheduleToCloseTimeout: '15m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: [...AMO_NON_RETRYABLE_TYPES] },
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

/** Waits on the user's contact entity workflow, which itself waits on rate-limited amoCRM calls. */
export const contactEntityActivityOptions: ActivityOptions = {
  startToCloseTimeout: '3m',
  heartbeatTimeout: '20s',
  scheduleToCloseTimeout: '20m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', nonRetryableErrorTypes: [...AMO_NON_RETRYABLE_TYPES] },
};
