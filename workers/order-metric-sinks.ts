import type { InjectedSinks } from '@temporalio/worker';
import { ordersFinished, ordersFlagged } from '../metrics/registry';
import type { OrderMetricsSinks } from '../workflows/order/metrics-sink';

/** The order workflow's metric events, counted in this process (not called when a history is replayed). */
export const orderMetricSinks: InjectedSinks<OrderMetricsSinks> = {
  orderMetrics: {
    flagged: { fn: (_info, kind) => ordersFlagged.inc({ reason: kind }) },
    finished: { fn: (_info, outcome, status) => ordersFinished.inc({ outcome, status }) },
  },
};
