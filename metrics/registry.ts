import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// Our own metrics, one registry per process, served on the ops port's /metrics next to the Temporal
// SDK's (the worker's). Names from the domain; labels stay few and bounded (never an order id).
export const registry = new Registry();
// The Node process itself: RSS, heap, event-loop lag, open handles.
collectDefaultMetrics({ register: registry, prefix: 'c1amo_' });

const PREFIX = 'c1amo_';
const registers = [registry];

export const orderStarts = new Counter({
  name: `${PREFIX}order_starts_total`,
  help: 'Order workflows asked to start, by who asked (notification, feed, webview, operator, backfill) and outcome (running: started now or already running; already-finished).',
  labelNames: ['via', 'outcome'] as const,
  registers,
});

export const ordersFinished = new Counter({
  name: `${PREFIX}orders_finished_total`,
  help: "Order workflows ended, by outcome (completed: the order's final status written; failed) and the order's last status.",
  labelNames: ['outcome', 'status'] as const,
  registers,
});

export const ordersFlagged = new Counter({
  name: `${PREFIX}orders_flagged_total`,
  help: 'Orders flagged NeedsAttention, by reason (what an operator must look at).',
  labelNames: ['reason'] as const,
  registers,
});

export const ordersNeedingAttention = new Gauge({
  name: `${PREFIX}orders_needing_attention`,
  help: 'Running orders flagged NeedsAttention now (a visibility count, refreshed every minute by each worker).',
  registers,
});

export const amoRequests = new Counter({
  name: `${PREFIX}amocrm_requests_total`,
  help: 'amoCRM API requests sent, by endpoint (ids replaced by :id), method and HTTP status (0: no answer).',
  labelNames: ['endpoint', 'method', 'status'] as const,
  registers,
});

export const amoRefused = new Counter({
  name: `${PREFIX}amocrm_refused_total`,
  help: 'amoCRM answers 401 (token revoked or expired) and 403 (account blocked), by status: what its alerts watch.',
  labelNames: ['status'] as const,
  registers,
});

export const amoRateLimited = new Counter({
  name: `${PREFIX}amocrm_rate_limited_total`,
  help: 'amoCRM answers 429 (too many requests): each is a step towards amoCRM blocking the account.',
  registers,
});

export const amoRateLimitWait = new Histogram({
  name: `${PREFIX}amocrm_rate_limit_wait_seconds`,
  help: "Time a request waited for this process's share of amoCRM's 7 requests/s before it was sent.",
  buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
  registers,
});

export const amoRequestSeconds = new Histogram({
  name: `${PREFIX}amocrm_request_seconds`,
  help: 'amoCRM request time on the wire, by method.',
  labelNames: ['method'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
  registers,
});

export const amoBatchSize = new Histogram({
  name: `${PREFIX}amocrm_batch_size`,
  help: 'Deals carried by each amoCRM create request that left, by endpoint (/leads, /leads/complex).',
  labelNames: ['endpoint'] as const,
  buckets: [1, 2, 5, 10, 25, 50, 100, 250],
  registers,
});

export const company1Requests = new Counter({
  name: `${PREFIX}company1_requests_total`,
  help: 'Company 1 API calls, by operation and HTTP status (0: no answer).',
  labelNames: ['operation', 'status'] as const,
  registers,
});

export const webhooks = new Counter({
  name: `${PREFIX}webhooks_total`,
  help: 'Webhooks received, by source (company1, amocrm) and outcome (the HTTP status answered).',
  labelNames: ['source', 'status'] as const,
  registers,
});

export const webhookSeconds = new Histogram({
  name: `${PREFIX}webhook_seconds`,
  help: 'Time to answer a webhook, by source (amoCRM gives up after 2 s).',
  labelNames: ['source'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
  registers,
});

export const reconciliationGaps = new Counter({
  name: `${PREFIX}reconciliation_gaps_total`,
  help: "Deal stages the reconciliation found that an order's workflow had not applied (a webhook lost or late).",
  registers,
});

export const reconciliationLastRun = new Gauge({
  name: `${PREFIX}reconciliation_last_run_timestamp_seconds`,
  help: 'When a reconciliation pass last finished in this process (Unix time).',
  registers,
});

export const feedLastPoll = new Gauge({
  name: `${PREFIX}feed_last_poll_timestamp_seconds`,
  help: "When Company 1's order feed was last polled successfully in this process (Unix time).",
  registers,
});

export const feedOrdersHandedOver = new Counter({
  name: `${PREFIX}feed_orders_handed_over_total`,
  help: 'Orders the feed found with no workflow and started (their notification never came).',
  registers,
});

/** `/api/v4/leads/123/notes` → `/api/v4/leads/:id/notes`: one series per endpoint, not per deal. */
export function endpointOf(path: string): string {
  return path.split('?')[0]!.replace(/\/\d+(?=\/|$)/g, '/:id');
}

// Series an alert watches with increase() exist from the start at 0: a counter's first sample is then never
// its first event, which increase() could not see.
for (const status of ['401', '403']) amoRefused.inc({ status }, 0);
for (const status of ['on_approval', 'approved', 'in_work', 'executed', 'rejected', 'unknown']) ordersFinished.inc({ outcome: 'failed', status }, 0);
