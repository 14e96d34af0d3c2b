import type { Client, WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import * as z from 'zod';
import { type BackfillProgress, backfillProgressQuery } from '../../workflows/backfill/contract';
import type { backfillWorkflow } from '../../workflows/backfill/workflow';
import { backfillWorkflowId } from '../../workflows/ids';

/**
 * Orders in flight at once. Live orders share amoCRM's 7/s with the backfill and queue behind its requests:
 * 100 orders (about 85 requests since deal creates share requests) keep amoCRM busy, and let batches form,
 * while a live order waits some 15 s at most.
 */
export const DEFAULT_BACKFILL_WINDOW = 100;

/** `--since`: a date (2026-11-01, midnight UTC) or a date-time with its offset. */
export const BackfillSince = z
  .string()
  .refine((text) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text) && !Number.isNaN(Date.parse(text)), {
    message: 'expected a date like 2026-11-01 or a date-time like 2026-11-01T09:00:00+03:00',
  })
  .transform((text) => new Date(text).toISOString());

/**
 * Starts the backfill of orders since `since`, or finds the one already running for that date (a
 * second `orders backfill` only watches it). One that finished may run again: it finds only what is
 * still without a deal.
 */
export async function startBackfill(client: Client, o: { since: string; ordersTaskQueue: string; window?: number; checkEveryMs?: number }): Promise<WorkflowHandleWithFirstExecutionRunId<typeof backfillWorkflow>> {
  return client.workflow.start<typeof backfillWorkflow>('backfillWorkflow', {
    workflowId: backfillWorkflowId(o.since, o.ordersTaskQueue),
    taskQueue: o.ordersTaskQueue,
    args: [{ since: o.since, window: o.window ?? DEFAULT_BACKFILL_WINDOW, checkEveryMs: o.checkEveryMs ?? 2_000 }],
    workflowIdConflictPolicy: 'USE_EXISTING',
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    staticSummary: `Backfill: a deal for every Company 1 order since ${o.since} that has none`,
  });
}

export function progressLine(p: BackfillProgress): string {
  if (p.phase === 'counting') return "counting Company 1's orders without a deal…";
  const percent = p.total > 0 ? ` (${Math.floor((p.done / p.total) * 100)} %)` : '';
  const left = p.secondsLeft !== undefined && p.phase !== 'done' ? `, about ${Math.ceil(p.secondsLeft / 60)} min left` : '';
  const flagged = p.flagged && p.phase !== 'done' ? ` (${p.flagged} flagged: retrying, or waiting for an operator)` : '';
  const attention = p.needingAttention ? `, ${p.needingAttention} need attention` : '';
  return `${p.done} of ${p.total} orders have their deal${percent}, ${p.inFlight} in flight${flagged}, ${p.perMinute}/min${left}${attention}`;
}

export function watchBackfill(handle: WorkflowHandle<typeof backfillWorkflow>): Promise<BackfillProgress> {
  return handle.query(backfillProgressQuery);
}
