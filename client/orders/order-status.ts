import type { Client, WorkflowHandle } from '@temporalio/client';
import { NeedsAttention } from '../../temporal/search-attributes';
import { orderWorkflowId } from '../../workflows/ids';
import { stateQuery, type OrderState } from '../../workflows/order/contract';

/** What `orders status` shows: the workflow's own state, and for a run that ended badly, how and why. */
export interface OrderStatusView extends Partial<OrderState> {
  workflowId: string;
  runId: string;
  /** Temporal's status of the latest run: RUNNING, COMPLETED, FAILED, TERMINATED, TIMED_OUT, … */
  execution: string;
  needsAttention: boolean;
}

const ENDED_BADLY = new Set(['FAILED', 'TERMINATED', 'TIMED_OUT', 'CANCELLED']);

/** How a closed run ended, from its last event: the failure message, or the operator's termination reason. */
export async function howRunEnded(handle: WorkflowHandle): Promise<string | undefined> {
  const history = await handle.fetchHistory();
  const last = history.events?.at(-1);
  const failure = last?.workflowExecutionFailedEventAttributes?.failure;
  if (failure) return failure.message ?? undefined;
  const terminated = last?.workflowExecutionTerminatedEventAttributes;
  if (terminated) return `terminated${terminated.reason ? `: ${terminated.reason}` : ''}; \`npm run orders -- restart <orderId>\` runs it again`;
  if (last?.workflowExecutionTimedOutEventAttributes) return 'timed out';
  if (last?.workflowExecutionCanceledEventAttributes) return 'cancelled';
  return undefined;
}

export async function orderStatus(client: Client, orderId: string): Promise<OrderStatusView> {
  const latest = client.workflow.getHandle(orderWorkflowId(orderId));
  const description = await latest.describe();
  const run = client.workflow.getHandle(description.workflowId, description.runId);
  const execution = description.status.name;
  // A closed run's state is rebuilt by replaying it on a worker; without one, the history still says how it ended.
  const state = await run.query(stateQuery).catch(() => undefined);
  // No worker to answer the query: the search attribute still says whether it is flagged.
  const flagged = state?.needsAttention ?? description.typedSearchAttributes.get(NeedsAttention) ?? false;
  const view: OrderStatusView = { ...state, workflowId: description.workflowId, runId: description.runId, execution, needsAttention: flagged };
  if (ENDED_BADLY.has(execution)) {
    view.phase = 'failed';
    view.needsAttention = true;
    view.attentionReason = (await howRunEnded(run)) ?? state?.attentionReason ?? execution.toLowerCase();
  }
  return view;
}
