import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import type { feedPollWorkflow } from '../workflows/feed/workflow';
import { feedScheduleId } from '../workflows/ids';

/** How far back the feed reads on its first run, and again after Company 1 refused its cursor. */
export const FEED_LOOKBACK_MS = 24 * 3_600_000;

/**
 * The schedule that polls Company 1's order feed. Created once; on later boots only
 * its interval is brought in line with the settings, so the cursor it carries in its
 * action arguments survives restarts.
 */
export async function ensureFeedSchedule(client: Client, o: { taskQueue: string; everyMs: number }): Promise<void> {
  const scheduleId = feedScheduleId(o.taskQueue);
  try {
    await client.schedule.create({
      scheduleId,
      spec: { intervals: [{ every: o.everyMs }] },
      action: {
        type: 'startWorkflow',
        workflowType: 'feedPollWorkflow',
        workflowId: `${scheduleId}-run`,
        taskQueue: o.taskQueue,
        args: [{ changedSince: new Date(Date.now() - FEED_LOOKBACK_MS).toISOString(), scheduleId }] as Parameters<typeof feedPollWorkflow>,
        staticSummary: "Poll Company 1's order feed for orders whose notification never came",
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1m' },
      memo: { purpose: 'Company 1 order feed poller; its action arguments hold the feed cursor' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(scheduleId).update((s) => ({ ...s, spec: { intervals: [{ every: o.everyMs }] } }));
  }
}
