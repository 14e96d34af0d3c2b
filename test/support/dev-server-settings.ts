/**
 * The test suite's dev server differs from a production namespace in two settings, both about
 * time, neither about behaviour:
 * - Temporal suggests continue-as-new after 300 events instead of 4,096 (or 4 MB), so the paths
 *   that continue as new (a long-flagged order, a busy contact entity) run in seconds;
 * - timers fire within ~10 ms of their time instead of up to a second late, so tests that
 *   compress hours into milliseconds are not paced by the timer queue;
 * - a worker's long polls expire after 5 s instead of a minute, so the outstanding polls of a
 *   worker a test paused stop swallowing tasks within seconds.
 */
export const HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW = 300;
export const TEST_DEV_SERVER_DYNAMIC_CONFIG = {
  'limit.historyCount.suggestContinueAsNew': HISTORY_EVENTS_BEFORE_CONTINUE_AS_NEW,
  'history.timerProcessorMaxTimeShift': '10ms',
  'matching.longPollExpirationInterval': '5s',
};
