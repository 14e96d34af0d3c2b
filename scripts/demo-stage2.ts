// `npm run demo:stage2` (with `INTEGRATION_STAGE=2 npm start` running): creates an order in the
// Company 1 sandbox, then moves its amoCRM deal through every stage as a manager would (the
// amoCRM sandbox fires the webhooks) and prints Company 1's order after each move. The last line
// is the final order as JSON.
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Order } from '../company1/schemas';
import { loadConfigOrExit } from '../config/boot';
import { AmoSandboxAdmin } from '../sandbox/amocrm/admin-client';
import { Company1SandboxAdmin } from '../sandbox/company1/admin-client';
import { connectClient } from '../temporal/connection';
import { sandboxCallError } from './demo-errors';
import type { orderWorkflow } from '../workflows/order/workflow';
import { serviceCatalogFrom } from '../wiring/clients';
import { orderWorkflowId } from '../workflows/ids';
import { type OrderState, stateQuery } from '../workflows/order/contract';

const MOVES = ['Recorded for trial', 'Confirmed VU', 'Lesson passed', 'Waiting for payment', 'Payment received', 'Another lesson passed', 'Success'];
const WAIT_MS = 30_000;

const print = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function describeOrder(o: Order): string {
  const s = o.subscription;
  const subscription = s ? `${s.state}, ${s.lessonsUsed}/${s.lessonsTotal} lessons, valid until ${s.validUntil ?? '—'}` : '—';
  return `status ${o.status}, cost ${o.cost ?? '—'}, paid ${o.paid}, subscription ${subscription}`;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (config.company1.baseUrl || config.amocrm.baseUrl) throw new Error('demo:stage2 drives both sandboxes; unset COMPANY1_BASE_URL and AMOCRM_BASE_URL.');
  if (config.stage !== 2) throw new Error('demo:stage2 needs stage 2: run `INTEGRATION_STAGE=2 npm start`, and this with INTEGRATION_STAGE=2 too.');
  const company1 = new Company1SandboxAdmin(`http://127.0.0.1:${config.sandboxes.company1Port}`);
  const amo = new AmoSandboxAdmin(`http://127.0.0.1:${config.sandboxes.amocrmPort}`);
  const services = serviceCatalogFrom(config);
  const service = services.find((s) => (s.lessons ?? 0) > 1) ?? services[0]!;
  const order = await company1
    .createOrder({ userId: `demo-${randomUUID().slice(0, 8)}`, customer: { firstName: 'Demo', lastName: 'Customer', phone: '+79990000000' }, service: { id: service.id, name: service.name }, cost: 4900 })
    .catch((err: unknown) => {
      throw sandboxCallError('Company 1 sandbox', config.sandboxes.company1Port, 'INTEGRATION_STAGE=2 npm start', err);
    });
  print(`Company 1 order ${order.id} (${service.name}): ${describeOrder(order)}`);

  const client = await connectClient(config.temporal);
  try {
    const handle = client.workflow.getHandle<typeof orderWorkflow>(orderWorkflowId(order.id));
    const stateWhen = async (what: string, ok: (s: OrderState) => boolean): Promise<OrderState> => {
      const deadline = Date.now() + WAIT_MS;
      for (;;) {
        const s = await handle.query(stateQuery).catch((err: unknown) => {
          if (err instanceof WorkflowNotFoundError) return undefined;
          throw err;
        });
        if (s && ok(s)) return s;
        if (Date.now() > deadline) throw new Error(`${handle.workflowId}: ${what} did not happen within ${WAIT_MS / 1000} s (phase ${s?.phase ?? 'not started'}${s?.attentionReason ? `: ${s.attentionReason}` : ''}); see the Web UI`);
        await sleep(200);
      }
    };
    const following = await stateWhen('following the deal', (s) => s.phase === 'following-deal' || s.phase === 'completed');
    print(`amoCRM deal ${following.dealId}; workflow ${handle.workflowId} follows it`);
    for (const stage of MOVES) {
      await amo.moveDeal(following.dealId!, stage);
      await stateWhen(`the move to ${stage}`, (s) => s.deal?.stageName === stage && !s.needsAttention);
      print(`  deal → ${stage.padEnd(22)} Company 1: ${describeOrder(await company1.order(order.id))}`);
    }
    const final = await handle.result();
    print(`Workflow ${handle.workflowId} completed: ${final.orderStatus}. Web UI: http://${config.temporal.devServer.ip}:${config.temporal.devServer.uiPort}/namespaces/${config.temporal.namespace}/workflows/${handle.workflowId}`);
    print(JSON.stringify(await company1.order(order.id)));
  } finally {
    await client.connection.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
