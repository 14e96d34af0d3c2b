import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { switchStageSignal } from '../../workflows/order/contract';

// temporal.api.enums.v1.BatchOperationState (the proto package is not a direct dependency).
const BATCH_RUNNING = 1;
const BATCH_COMPLETED = 2;

export interface SwitchStageJob {
  jobId: string;
  query: string;
}

export interface SwitchStageProgress {
  running: boolean;
  completed: boolean;
  total: number;
  done: number;
  failed: number;
}

/**
 * `npm run orders -- switch-stage 2`: every stage-1 order in flight on this deployment's queue
 * gets the `switchStage` signal, through one of Temporal's batch operations (durable and paced by
 * the server, also for thousands of orders). Each order then follows its deal from its current stage.
 */
export async function startStageSwitch(client: Client, o: { ordersTaskQueue: string; reason?: string }): Promise<SwitchStageJob> {
  const jobId = `switch-stage-2-${randomUUID()}`;
  const query = `WorkflowType = "orderWorkflow" AND ExecutionStatus = "Running" AND IntegrationStage = 1 AND TaskQueue = "${o.ordersTaskQueue}"`;
  await client.workflowService.startBatchOperation({
    namespace: client.options.namespace,
    jobId,
    visibilityQuery: query,
    reason: o.reason ?? 'operator: switch stage-1 orders in flight to stage 2',
    signalOperation: { signal: switchStageSignal.name, input: { payloads: [defaultPayloadConverter.toPayload({ stage: 2 })] }, identity: 'orders switch-stage' },
  });
  return { jobId, query };
}

export async function stageSwitchProgress(client: Client, jobId: string): Promise<SwitchStageProgress> {
  const d = await client.workflowService.describeBatchOperation({ namespace: client.options.namespace, jobId });
  return {
    running: Number(d.state) === BATCH_RUNNING,
    completed: Number(d.state) === BATCH_COMPLETED,
    total: Number(d.totalOperationCount),
    done: Number(d.completeOperationCount),
    failed: Number(d.failureOperationCount),
  };
}
