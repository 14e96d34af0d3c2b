import type { Client } from '@temporalio/client';
import type { Config } from '../config';
import type { Logger } from '../logging/logger';
import { DEFAULT_OPS_PORTS } from '../metrics/defaults';
import { ordersNeedingAttention } from '../metrics/registry';
import { type OpsServer, type ReadinessCheck, startOpsServer } from '../metrics/ops-server';

/** Ready only while Temporal answers for our namespace (a wrong namespace is not ready either). */
export function temporalReadiness(client: Client): ReadinessCheck {
  return async () => {
    await client.workflowService.describeNamespace({ namespace: client.options.namespace });
  };
}

/** The process's ops port from the settings (OPS_HOST, OPS_PORT or the process's default). */
export function startProcessOps(
  process: keyof typeof DEFAULT_OPS_PORTS,
  config: Config,
  o: { what: string; readiness: Record<string, ReadinessCheck>; extraMetrics?: () => Promise<string>; log: Logger },
): Promise<OpsServer> {
  return startOpsServer({ ...o, host: config.ops.host, port: config.ops.port ?? DEFAULT_OPS_PORTS[process] });
}

const ATTENTION_REFRESH_MS = 60_000;

/**
 * Keeps the orders_needing_attention gauge current from Temporal's visibility (what an alert on
 * "orders waiting for someone" needs), on this deployment's queue; stops with the returned function.
 */
export function watchOrdersNeedingAttention(client: Client, ordersTaskQueue: string, log: Logger): () => void {
  const query = `WorkflowType = "orderWorkflow" AND ExecutionStatus = "Running" AND NeedsAttention = true AND TaskQueue = "${ordersTaskQueue}"`;
  const refresh = () =>
    void client.workflow.count(query).then(
      ({ count }) => ordersNeedingAttention.set(count),
      (err: unknown) => log.warn('Cannot count the orders needing attention', { error: err instanceof Error ? err.message : String(err) }),
    );
  refresh();
  const timer = setInterval(refresh, ATTENTION_REFRESH_MS);
  timer.unref();
  return () => clearInterval(timer);
}
