import { proxyActivities } from '@temporalio/workflow';
import type { ReconciliationActivities } from '../../activities/reconciliation';
import type { ReconciliationResult } from './contract';

const reconciliation = proxyActivities<ReconciliationActivities>({
  startToCloseTimeout: '30m',
  heartbeatTimeout: '1m',
  retry: { initialInterval: '10s', maximumAttempts: 3 },
  summary: "Compare open stage-2 orders' deal stages with amoCRM and signal the ones that missed a move",
});

/** Run by the `amocrm-reconciliation` schedule: lost webhooks are not lost updates. */
export async function reconcileDealsWorkflow(): Promise<ReconciliationResult> {
  return reconciliation.reconcileDealStages();
}
