// `npm run orders -- <command>`: the common operator actions on order workflows.
//   status <orderId>     the order's state (the `state` query) as JSON; for a failed run, how it failed
//   attention            orders flagged NeedsAttention = true and orders that failed, with their reasons
//   retry <orderId>      retry now whatever the order waits on (after fixing the cause)
//   restart <orderId>    run a failed or terminated order again; it looks for an existing deal first
//   switch-stage 2       stage-1 orders in flight stop waiting for Company 1's close and follow their deals
//   setup-cluster        a real cluster's namespace, retention, search attributes and amocrm queue rate (idempotent)
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { loadConfigOrExit } from '../config/boot';
import { connectClient } from '../temporal/connection';
import { orderWorkflowId } from '../workflows/ids';
import { retryNowSignal } from '../workflows/order/contract';
import { setupCluster } from './cluster-setup';
import { ordersNeedingAttention } from './orders/attention';
import { orderStatus } from './orders/order-status';
import { stageSwitchProgress, startStageSwitch } from './orders/switch-stage';
import { orderStartSettings } from '../wiring/order-start-settings';
import { startOrderWorkflow } from './order-start';

const USAGE = 'usage: npm run orders -- status <orderId> | attention | retry <orderId> | restart <orderId> | switch-stage 2 | setup-cluster';
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

async function main() {
  const [command, orderId] = process.argv.slice(2);
  if (!command || (command !== 'attention' && command !== 'setup-cluster' && !orderId)) throw new Error(USAGE);
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
