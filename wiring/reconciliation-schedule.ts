import type { Client } from '@temporalio/client';
import { reconciliationScheduleId } from '../workflows/ids';
import type { reconcileDealsWorkflow } from '../workflows/reconciliation/workflow';
import { ensureIntervalSchedule } from './interval-schedule';

/** Stage 2's reconciliation, every AMOCRM_RECONCILE_EVERY. */
export async function ensureReconciliationSchedule(client: Client, o: { taskQueue: string; everyMs: number }): Promise<void> {
  const scheduleId = reconciliationScheduleId(o.taskQueue);
  await ensureIntervalSchedule<typeof reconcileDealsWorkflow>(client, {
    scheduleId,
    everyMs: o.everyMs,
    action: {
      type: 'startWorkflow',
      workflowType: 'reconcileDealsWorkflow',
      workflowId: `${scheduleId}-run`,
      taskQueue: o.taskQueue,
      args: [],
      staticSummary: "Compare open stage-2 orders' deal stages with amoCRM",
    },
  });
}
