import type { Client } from '@temporalio/client';
import type { feedPollWorkflow } from '../workflows/feed/workflow';
import { feedScheduleId } from '../workflows/ids';
import { ensureIntervalSchedule } from './interval-schedule';

/** How far back the feed reads on its first run, and again after Company 1 refused its cursor. */
export const FEED_LOOKBACK_MS = 24 * 3_600_000;

/** The schedule that polls Company 1's order feed; its action's arguments carry the feed cursor. */
export async function ensureFeedSchedule(client: Client, o: { taskQueue: string; everyMs: number }): Promise<void> {
  const scheduleId = feedScheduleId(o.taskQueue);
  await ensureIntervalSchedule<typeof feedPollWorkflow>(client, {
    scheduleId,
    everyMs: o.everyMs,
    action: {
      type: 'startWorkflow',
      workflowType: 'feedPollWorkflow',
      workflowId: `${scheduleId}-run`,
      taskQueue: o.taskQueue,
      args: [{ changedSince: new Date(Date.now() - FEED_LOOKBACK_MS).toISOString(), scheduleId }],
      staticSummary: "Poll Company 1's order feed for orders whose notification never came",
    },
    memo: { purpose: 'Company 1 order feed poller; its action arguments hold the feed cursor' },
  });
}
