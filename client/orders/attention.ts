import type { Client } from '@temporalio/client';
import { orderIdFromWorkflowId } from '../../workflows/ids';
import { stateQuery } from '../../workflows/order/contract';
import { howRunEnded } from './order-status';

export interface AttentionRow {
  orderId: string;
  execution: string;
  phase: string;
  reason: string;
}

// Running orders that flagged themselves, and orders whose latest run ended badly (failed, or
// terminated by an operator): both wait for someone. Runs that were restarted since are skipped.
const FLAGGED = `NeedsAttention = true AND ExecutionStatus = "Running"`;
const ENDED_BADLY = `WorkflowType = "orderWorkflow" AND ExecutionStatus IN ("Failed", "Terminated", "TimedOut", "Canceled")`;

export async function ordersNeedingAttention(client: Client): Promise<AttentionRow[]> {
  const rows: AttentionRow[] = [];
  for await (const wf of client.workflow.list({ query: FLAGGED })) {
    const state = await client.workflow.getHandle(wf.workflowId, wf.runId).query(stateQuery).catch(() => undefined);
    rows.push({ orderId: orderIdFromWorkflowId(wf.workflowId) ?? wf.workflowId, execution: wf.status.name, phase: state?.phase ?? '', reason: state?.attentionReason ?? '' });
  }
  for await (const wf of client.workflow.list({ query: ENDED_BADLY })) {
    const latest = await client.workflow.getHandle(wf.workflowId).describe();
    if (latest.runId !== wf.runId) continue;
    const reason = (await howRunEnded(client.workflow.getHandle(wf.workflowId, wf.runId))) ?? wf.status.name.toLowerCase();
    rows.push({ orderId: orderIdFromWorkflowId(wf.workflowId) ?? wf.workflowId, execution: wf.status.name, phase: 'failed', reason });
  }
  return rows;
}
