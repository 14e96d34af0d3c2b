// Writes deploy/grafana/dashboard.json from the panel list below (`npx tsx scripts/grafana-dashboard.ts`);
// a test checks the file is current and that every metric it charts exists.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Panel {
  title: string;
  description: string;
  exprs: { expr: string; legend: string }[];
  unit?: string;
  kind?: 'timeseries' | 'stat';
}

const ROWS: { title: string; panels: Panel[] }[] = [
  {
    title: 'Orders',
    panels: [
      { title: 'Orders started', description: 'Order workflows started, by who asked.', exprs: [{ expr: 'sum by (via) (rate(c1amo_order_starts_total{outcome="running"}[5m]))', legend: '{{via}}' }], unit: 'reqps' },
      { title: 'Orders finished', description: 'By outcome and final status.', exprs: [{ expr: 'sum by (outcome, status) (rate(c1amo_orders_finished_total[5m]))', legend: '{{outcome}} {{status}}' }], unit: 'reqps' },
      { title: 'Needing attention now', description: 'Running orders flagged NeedsAttention (Web UI: NeedsAttention = true).', exprs: [{ expr: 'max(c1amo_orders_needing_attention)', legend: 'flagged' }], kind: 'stat' },
      { title: 'Flagged, by reason', description: 'Orders becoming flagged, by failure type or what they wait for.', exprs: [{ expr: 'sum by (reason) (increase(c1amo_orders_flagged_total[1h]))', legend: '{{reason}}' }] },
    ],
  },
  {
    title: 'amoCRM',
    panels: [
      { title: 'Requests by endpoint and status', description: "All workers together stay under amoCRM's 7/s.", exprs: [{ expr: 'sum by (endpoint, status) (rate(c1amo_amocrm_requests_total[1m]))', legend: '{{endpoint}} {{status}}' }], unit: 'reqps' },
      { title: '429 answers', description: 'Each is a step towards amoCRM blocking the account.', exprs: [{ expr: 'sum(increase(c1amo_amocrm_rate_limited_total[5m]))', legend: '429' }] },
      { title: 'Wait for the rate limit (p50, p95)', description: "Time a request waited for its process's share of the 7/s.", exprs: [{ expr: 'histogram_quantile(0.5, sum by (le) (rate(c1amo_amocrm_rate_limit_wait_seconds_bucket[5m])))', legend: 'p50' }, { expr: 'histogram_quantile(0.95, sum by (le) (rate(c1amo_amocrm_rate_limit_wait_seconds_bucket[5m])))', legend: 'p95' }], unit: 's' },
      { title: 'Request time (p95)', description: 'On the wire, by method.', exprs: [{ expr: 'histogram_quantile(0.95, sum by (le, method) (rate(c1amo_amocrm_request_seconds_bucket[5m])))', legend: '{{method}}' }], unit: 's' },
    ],
  },
  {
    title: 'Company 1 and webhooks',
    panels: [
      { title: 'Company 1 calls', description: 'By operation and HTTP status (0: no answer).', exprs: [{ expr: 'sum by (operation, status) (rate(c1amo_company1_requests_total[5m]))', legend: '{{operation}} {{status}}' }], unit: 'reqps' },
      { title: 'Webhooks by answer', description: '5xx answers are retried by the sender (amoCRM only after minutes).', exprs: [{ expr: 'sum by (source, status) (rate(c1amo_webhooks_total[5m]))', legend: '{{source}} {{status}}' }], unit: 'reqps' },
      { title: 'Webhook answer time (p99)', description: 'amoCRM gives up after 2 s.', exprs: [{ expr: 'histogram_quantile(0.99, sum by (le, source) (rate(c1amo_webhook_seconds_bucket[5m])))', legend: '{{source}}' }], unit: 's' },
      { title: 'Feed and reconciliation', description: 'Seconds since the last feed poll and reconciliation pass; deal stages the reconciliation repaired.', exprs: [{ expr: 'time() - max(c1amo_feed_last_poll_timestamp_seconds)', legend: 'since feed poll' }, { expr: 'time() - max(c1amo_reconciliation_last_run_timestamp_seconds)', legend: 'since reconciliation' }, { expr: 'sum(increase(c1amo_reconciliation_gaps_total[1h]))', legend: 'gaps repaired (1 h)' }] },
    ],
  },
  {
    title: 'Workers and Temporal',
    panels: [
      { title: 'Workflow task failures', description: 'Should be 0: a failing workflow task is retried forever.', exprs: [{ expr: 'sum(increase(temporal_workflow_task_execution_failed[5m]))', legend: 'failed' }] },
      { title: 'Schedule-to-start latency (p95)', description: 'How long tasks wait for a worker: grows when workers are too few.', exprs: [{ expr: 'histogram_quantile(0.95, sum by (le, task_queue) (rate(temporal_activity_schedule_to_start_latency_bucket[5m])))', legend: 'activities {{task_queue}}' }, { expr: 'histogram_quantile(0.95, sum by (le, task_queue) (rate(temporal_workflow_task_schedule_to_start_latency_bucket[5m])))', legend: 'workflow tasks {{task_queue}}' }], unit: 's' },
      { title: 'Process memory', description: 'Resident memory of each process (workers: WORKER_MAX_CACHED_WORKFLOWS bounds it).', exprs: [{ expr: 'c1amo_process_resident_memory_bytes', legend: '{{job}} {{instance}}' }], unit: 'bytes' },
      { title: 'Event loop lag (p99)', description: 'Node event-loop delay of each process.', exprs: [{ expr: 'c1amo_nodejs_eventloop_lag_p99_seconds', legend: '{{job}} {{instance}}' }], unit: 's' },
    ],
  },
];

export function renderDashboard(): string {
  let id = 0;
  let y = 0;
  const panels: unknown[] = [];
  for (const row of ROWS) {
    panels.push({ type: 'row', title: row.title, id: (id += 1), gridPos: { h: 1, w: 24, x: 0, y }, collapsed: false, panels: [] });
    y += 1;
    row.panels.forEach((p, i) => {
      panels.push({
        type: p.kind ?? 'timeseries',
        title: p.title,
        description: p.description,
        id: (id += 1),
        datasource: { type: 'prometheus', uid: '${datasource}' },
        gridPos: { h: 8, w: 6, x: (i % 4) * 6, y },
        fieldConfig: { defaults: { unit: p.unit ?? 'short' }, overrides: [] },
        options: {},
        targets: p.exprs.map((e, k) => ({ refId: String.fromCharCode(65 + k), expr: e.expr, legendFormat: e.legend, datasource: { type: 'prometheus', uid: '${datasource}' } })),
      });
    });
    y += 8;
  }
  const dashboard = {
    title: 'Company 1 ⇄ amoCRM integration',
    uid: 'c1amo-integration',
    description: 'Orders, amoCRM and its 7/s, Company 1, webhooks and workers (docs/deploy.md).',
    tags: ['c1amo', 'temporal'],
    schemaVersion: 39,
    version: 1,
    editable: true,
    time: { from: 'now-6h', to: 'now' },
    refresh: '30s',
    templating: { list: [{ name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus' }] },
    panels,
  };
  return `${JSON.stringify(dashboard, null, 2)}\n`;
}

/** Every expression the dashboard charts (the test checks their metric names exist). */
export function dashboardExpressions(): string[] {
  return ROWS.flatMap((r) => r.panels.flatMap((p) => p.exprs.map((e) => e.expr)));
}

if (require.main === module) writeFileSync(join(__dirname, '..', 'deploy', 'grafana', 'dashboard.json'), renderDashboard());
