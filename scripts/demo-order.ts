// `npm run demo:order` (with `npm start` running): creates an order in the Company 1
// sandbox as a customer would, waits until its workflow has created the amoCRM deal,
// and prints the order id on the last line.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { loadConfigOrExit } from '../config/boot';
import { Company1SandboxAdmin } from '../sandbox/company1/admin-client';
import { connectClient } from '../temporal/connection';
import { sandboxCallError } from './demo-errors';
import { serviceCatalogFrom } from '../wiring/clients';
import { orderWorkflowId } from '../workflows/ids';
import { stateQuery, type OrderState } from '../workflows/order/contract';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (config.company1.baseUrl) throw new Error('demo:order drives the Company 1 sandbox; unset COMPANY1_BASE_URL.');
  const sandbox = new Company1SandboxAdmin(`http://127.0.0.1:${config.sandboxes.company1Port}`);
  const service = serviceCatalogFrom(config)[0]!;
  const order = await sandbox.createOrder({
    userId: process.env.DEMO_USER_ID ?? `demo-${randomUUID().slice(0, 8)}`,
    customer: { firstName: 'Demo', lastName: 'Customer', phone: '+79990000000' },
    // Company 1 knows a service by id and name; the catalog's other fields are ours.
    service: { id: service.id, name: service.name },
    cost: 4900,
  }).catch((err: unknown) => {
    throw sandboxCallError('Company 1 sandbox', config.sandboxes.company1Port, 'npm start', err);
  });
  process.stdout.write(`Created Company 1 order ${order.id} for user ${order.userId} (${service.name})\n`);

  const client = await connectClient(config.temporal);
  const handle = client.workflow.getHandle(orderWorkflowId(order.id));
  const deadline = Date.now() + 30_000;
  let state: OrderState | undefined;
  while (Date.now() < deadline && state?.dealId === undefined) {
    await new Promise((r) => setTimeout(r, 300));
    state = await handle.query(stateQuery).catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    });
  }
  if (state?.dealId !== undefined) {
    process.stdout.write(`Workflow ${handle.workflowId}: amoCRM deal ${state.dealId}, contact ${state.contactId}, now ${state.phase}\n`);
  } else {
    process.stdout.write(`Workflow ${handle.workflowId} has no deal yet (phase ${state?.phase ?? 'not started'}); look it up in the Web UI.\n`);
  }
  process.stdout.write(`Web UI: http://${config.temporal.devServer.ip}:${config.temporal.devServer.uiPort}/namespaces/${config.temporal.namespace}/workflows/${handle.workflowId}\n`);
  await client.connection.close();
  process.stdout.write(`${order.id}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
