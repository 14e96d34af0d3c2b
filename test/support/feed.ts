import { randomUUID } from 'node:crypto';
import type { FeedPollInput } from '../../workflows/feed/contract';
import type { feedPollWorkflow } from '../../workflows/feed/workflow';
import { ensureFeedSchedule } from '../../wiring/feed-schedule';
import { feedScheduleId } from '../../workflows/ids';
import type { TestTemporal } from './temporal';

/** One poll of Company 1's feed, run as the schedule runs it (the feed workflow on the orders queue). */
export function pollFeed(t: TestTemporal, input: FeedPollInput) {
  return t.client.workflow.execute<typeof feedPollWorkflow>('feedPollWorkflow', {
    taskQueue: t.taskQueues.orders,
    workflowId: `feed-test-${randomUUID()}`,
    args: [input],
  });
}

/**
 * The feed schedule as `npm start` creates it, paused so that only the test polls: its action
 * arguments are where a poll saves the cursor.
 */
export async function pausedFeedSchedule(t: TestTemporal) {
  await ensureFeedSchedule(t.client, { taskQueue: t.taskQueues.orders, everyMs: 3_600_000 });
  const scheduleId = feedScheduleId(t.taskQueues.orders);
  const handle = t.client.schedule.getHandle(scheduleId);
  await handle.pause('tests poll the feed themselves');
  const args = async (): Promise<FeedPollInput> => {
    const { action } = await handle.describe();
    if (action.type !== 'startWorkflow') throw new Error(`schedule ${scheduleId} does not start a workflow`);
    return (action.args?.[0] ?? {}) as FeedPollInput;
  };
  return {
    scheduleId,
    /** What the next scheduled poll would start with. */
    args,
    /** Puts a cursor into the schedule, as an older release (or a by-hand edit) would have left it. */
    async saveCursor(cursor: string) {
      await handle.update((s) => (s.action.type === 'startWorkflow' ? { ...s, action: { ...s.action, args: [{ cursor, scheduleId }] } } : s));
    },
  };
}
