import { type Client, ScheduleAlreadyRunning, type ScheduleOptionsStartWorkflowAction, ScheduleOverlapPolicy } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';

/**
 * A schedule that starts `action` every `everyMs`, never two runs at once. Created once; on later
 * boots only its interval is brought in line with the settings, so what its action carries
 * (the feed's cursor) survives restarts.
 */
export async function ensureIntervalSchedule<W extends Workflow>(
  client: Client,
  o: { scheduleId: string; everyMs: number; action: ScheduleOptionsStartWorkflowAction<W>; memo?: Record<string, unknown> },
): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: o.scheduleId,
      spec: { intervals: [{ every: o.everyMs }] },
      action: o.action,
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1m' },
      ...(o.memo ? { memo: o.memo } : {}),
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(o.scheduleId).update((s) => ({ ...s, spec: { intervals: [{ every: o.everyMs }] } }));
  }
}
