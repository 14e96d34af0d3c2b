import type { Client, WorkflowHandle } from '@temporalio/client';
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
