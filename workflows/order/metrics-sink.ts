import { proxySinks, type Sinks } from '@temporalio/workflow';

/**
 * The order's events the worker counts as Prometheus metrics (metrics/registry.ts). A sink runs
 * outside the workflow, after the workflow task, and not when a history is replayed: it adds no
 * command to the history (so no versioning) and counts each event once.
 */
export interface OrderMetricsSinks extends Sinks {
  orderMetrics: {
    /** The order became flagged NeedsAttention; `kind` is bounded (a failure type, or what it waits for). */
    flagged(kind: string): void;
    finished(outcome: 'completed' | 'failed', status: string): void;
  };
}

export const { orderMetrics } = proxySinks<OrderMetricsSinks>();
