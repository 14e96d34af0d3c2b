// `npm run orders -- <command>`: the common operator actions on order workflows.
//   status <orderId>     the order's state (the `state` query) as JSON; for a failed run, how it failed
//   attention            orders flagged NeedsAttention = true and orders that failed, with their reasons
//   retry <orderId>      retry now whatever the order waits on (after fixing the cause)
//   restart <orderId>    run a failed or terminated order again; it looks for an existing deal first
//   switch-stage 2       stage-1 orders in flight stop waiting for Company 1's close and follow their deals
//   backfill --since D   every Company 1 order created since D without a deal gets one (progress shown; safe to rerun;
//                        --window N: orders in flight at once, default 100)
//   setup-cluster        a real cluster's namespace, retention, search attributes and amocrm queue rate (idempotent)
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { loadConfigOrExit } from '../config/boot';
import { connectClient } from '../temporal/connection';
import { orderWorkflowId } from '../workflows/ids';
import { retryNowSignal } from '../workflows/order/contract';
import { parseArgs } from 'node:util';
import { setupCluster } from './cluster-setup';
import { BackfillSince, DEFAULT_BACKFILL_WINDOW, progressLine, startBackfill, watchBackfill } from './orders/backfill';
import { ordersNeedingAttention } from './orders/attention';
import { orderStatus } from './orders/order-status';
import { stageSwitchProgress, startStageSwitch } from './orders/switch-stage';
import { orderStartSettings } from '../wiring/order-start-settings';
import { startOrderWorkflow } from './order-start';

const USAGE = 'usage: npm run orders -- status <orderId> | attention | retry <orderId> | restart <orderId> | switch-stage 2 | backfill --since <date> | setup-cluster';
const print = (value: unknown) => process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);

async function switchStage(client: Client, ordersTaskQueue: string) {
  const job = await startStageSwitch(client, { ordersTaskQueue });
  print(`batch ${job.jobId}: signalling every order matching ${job.query}`);
  for (;;) {
    const p = await stageSwitchProgress(client, job.jobId);
    print(`  ${p.done} of ${p.total} orders switched${p.failed ? `, ${p.failed} failed` : ''}`);
    if (!p.running) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

function backfillOptions(args: string[]): { since: string; window: number } {
  const { values } = parseArgs({ args, options: { since: { type: 'string' }, window: { type: 'string' } }, strict: true });
  const parsed = BackfillSince.safeParse(values.since ?? '');
  if (!parsed.success) throw new Error(`backfill --since: ${values.since === undefined ? 'required' : parsed.error.issues[0]!.message}`);
  const window = Number(values.window ?? DEFAULT_BACKFILL_WINDOW);
  if (!Number.isInteger(window) || window < 1 || window > 1000) throw new Error(`backfill --window: expected a whole number of orders in flight, 1 to 1000 (default ${DEFAULT_BACKFILL_WINDOW})`);
  return { since: parsed.data, window };
}

async function backfill(client: Client, options: { since: string; window: number }, ordersTaskQueue: string) {
  const handle = await startBackfill(client, { ...options, ordersTaskQueue });
  print(`backfill ${handle.workflowId}, run ${handle.firstExecutionRunId} (the Web UI shows the same progress in its details)`);
  let last = '';
  for (;;) {
    const description = await handle.describe();
    if (description.status.name !== 'RUNNING') {
      const result = await handle.result();
      return print(`done: ${progressLine(result)}; ${result.skipped} orders already had a deal${result.needingAttention ? ' (see npm run orders -- attention)' : ''}`);
    }
    // The progress is a query, answered by a worker: while none runs, the backfill waits, and so do we.
    const line = await watchBackfill(handle).then(progressLine, () => 'waiting for a worker to answer…');
    if (line !== last) print(`  ${line}`);
    last = line;
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

async function main() {
  const [command, orderId] = process.argv.slice(2);
  if (!command || (command !== 'attention' && command !== 'setup-cluster' && !orderId)) throw new Error(USAGE);
  const backfillWith = command === 'backfill' ? backfillOptions(process.argv.slice(3)) : undefined;
  if (command === 'switch-stage' && orderId !== '2') throw new Error('switch-stage: only stage 2 can be switched to (stage-1 orders in flight follow their deals)');
  const config = loadConfigOrExit();
  const client = await connectClient(config.temporal);
  try {
    const handle = () => client.workflow.getHandle(orderWorkflowId(orderId!));
    switch (command) {
      case 'status':
        return print(await orderStatus(client, orderId!));
      case 'attention':
        for (const row of await ordersNeedingAttention(client)) print([row.orderId, row.execution, row.phase, row.reason].join('\t'));
        return;
      case 'retry':
        await handle().signal(retryNowSignal);
        return print(`asked ${orderWorkflowId(orderId!)} to retry now`);
      case 'restart': {
        const { outcome } = await startOrderWorkflow(client, orderStartSettings(config), { orderId: orderId!, via: 'operator' }, true);
        return print(outcome === 'running' ? `${orderWorkflowId(orderId!)} is running (restarted, or it had not stopped)` : `${orderWorkflowId(orderId!)} completed; nothing to restart`);
      }
      case 'switch-stage':
        return await switchStage(client, config.temporal.taskQueues.orders);
      case 'backfill':
        return await backfill(client, backfillWith!, config.temporal.taskQueues.orders);
      case 'setup-cluster': {
        const t = config.temporal;
        const lines = await setupCluster(client.connection, {
          namespace: t.namespace,
          retentionMs: t.retentionMs,
          amocrmTaskQueue: t.taskQueues.amocrm,
          amocrmActivitiesPerSecond: t.amocrmActivitiesPerSecond,
        });
        return print(lines.join('\n'));
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await client.connection.close();
  }
}

main().catch((err: unknown) => {
  const message = err instanceof WorkflowNotFoundError ? `no workflow for that order: ${err.message}` : err instanceof Error ? err.message : String(err);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
