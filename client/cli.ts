// `npm run orders -- <command>`: the common operator actions on order workflows.
//   status <orderId>     the order's state (the `state` query) as JSON; for a failed run, how it failed
//   attention            orders flagged NeedsAttention = true and orders that failed, with their reasons
//   retry <orderId>      retry now whatever the order waits on (after fixing the cause)
//   restart <orderId>    run a failed or terminated order again; it looks for an existing deal first
import { WorkflowNotFoundError } from '@temporalio/client';
import { loadConfigOrExit } from '../config/boot';
import { connectClient } from '../temporal/connection';
import { orderWorkflowId } from '../workflows/ids';
import { retryNowSignal } from '../workflows/order/contract';
import { ordersNeedingAttention } from './orders/attention';
import { orderStatus } from './orders/order-status';
import { orderStartSettings } from '../wiring/order-start-settings';
import { startOrderWorkflow } from './order-start';

const USAGE = 'usage: npm run orders -- status <orderId> | attention | retry <orderId> | restart <orderId>';
const print = (value: unknown) => process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);

async function main() {
  const [command, orderId] = process.argv.slice(2);
  if (!command || (command !== 'attention' && !orderId)) throw new Error(USAGE);
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
        const { outcome } = await startOrderWorkflow(client, orderStartSettings(config), { orderId: orderId! }, true);
        return print(outcome === 'running' ? `${orderWorkflowId(orderId!)} is running (restarted, or it had not stopped)` : `${orderWorkflowId(orderId!)} completed; nothing to restart`);
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
