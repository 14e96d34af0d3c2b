import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Workflow, WorkflowResultType } from '@temporalio/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { orderWorkflow } from '../../workflows/order/workflow';
import { orderWorkflowId } from '../../workflows/ids';

/** Polls until `probe` returns a value (not undefined), or fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The order's workflow, once the notification (or the feed) has started it. */
export async function orderWorkflowHandle(client: Client, orderId: string, timeoutMs = 30_000): Promise<WorkflowHandle<typeof orderWorkflow>> {
  const handle = client.workflow.getHandle<typeof orderWorkflow>(orderWorkflowId(orderId));
  await eventually(
    `the workflow of order ${orderId}`,
    async () => {
      try {
        return await handle.describe();
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return undefined;
        throw err;
      }
    },
    timeoutMs,
  );
  return handle;
}

export interface RunSummary {
  runId: string;
  status: string;
  historyLength: number;
}

/** Every run of a workflow id (continue-as-new, restarts), oldest first, with its history length. */
export async function runsOf(client: Client, workflowId: string): Promise<RunSummary[]> {
  const runs: (RunSummary & { start: number })[] = [];
  for await (const wf of client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
    runs.push({ runId: wf.runId, status: wf.status.name, historyLength: wf.historyLength, start: wf.startTime.getTime() });
  }
  return runs.sort((a, b) => a.start - b.start).map(({ start: _start, ...run }) => run);
}

/**
 * The runs of one execution chain (the first run and each continue-as-new), read from the histories themselves:
 * exact at once, where visibility (runsOf) lists a new run only a moment later, longer on a loaded machine.
 */
export async function runChain(client: Client, workflowId: string): Promise<RunSummary[]> {
  const current = await client.workflow.getHandle(workflowId).describe();
  let runId: string | undefined = current.raw.workflowExecutionInfo?.firstRunId ?? current.runId;
  const runs: RunSummary[] = [];
  while (runId) {
    const history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    const continued = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes;
    runs.push({ runId, status: continued ? 'CONTINUED_AS_NEW' : runId === current.runId ? current.status.name : 'CLOSED', historyLength: events.length });
    runId = continued?.newExecutionRunId ?? undefined;
  }
  return runs;
}

/** The workflow's result, or a failure after `ms` that says where the order stands (instead of a hung test). */
export async function resultWithin<W extends Workflow>(handle: WorkflowHandle<W>, ms = 30_000): Promise<WorkflowResultType<W>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      void handle
        .query<{ phase?: string; attentionReason?: string }>('state')
        .catch(() => undefined)
        .then((s) => reject(new Error(`${handle.workflowId} did not finish within ${ms} ms (phase ${s?.phase}, ${s?.attentionReason ?? 'not flagged'})`)));
    }, ms);
  });
  try {
    return await Promise.race([handle.result(), late]);
  } finally {
    clearTimeout(timer);
  }
}
