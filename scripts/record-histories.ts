// `npx tsx scripts/record-histories.ts`: runs one stage-1 order end to end and saves the
// histories of its workflows to test/histories/, which the replay test replays against
// every later version of the workflow code. Record new ones before changing a workflow.
import { writeFileSync } from 'node:fs';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { join } from 'node:path';
import { customerOrder, startStage1 } from '../test/support/stage1';
import { testTemporal } from '../test/support/temporal';
import { orderWorkflowHandle } from '../test/support/wait';
import { userContactWorkflowId } from '../workflows/ids';

async function main() {
  const label = process.argv[2] ?? 'v1';
  const t = await testTemporal();
  const s = await startStage1(t, { autoCloseAfterMs: 500 });
  try {
    const input = customerOrder();
    const order = await s.company1Admin.createOrder(input);
    const handle = await orderWorkflowHandle(t.client, order.id);
    await handle.result();
    const contact = t.client.workflow.getHandle(userContactWorkflowId(input.userId));
    await contact.terminate('recording its history');
    const dir = join(__dirname, '..', 'test', 'histories');
    for (const [name, h] of [['order', handle], ['user-contact', contact]] as const) {
      const history = await h.fetchHistory();
      writeFileSync(join(dir, `${name}-stage1-${label}.json`), `${historyToJSON(history)}\n`);
    }
    process.stdout.write(`Recorded the histories of ${handle.workflowId} and ${contact.workflowId} in ${dir}\n`);
  } finally {
    await s.close();
    await t.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
