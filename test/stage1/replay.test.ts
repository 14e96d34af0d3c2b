import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { customerOrder, useStage1 } from '../support/stage1';
import { orderWorkflowHandle } from '../support/wait';

const HISTORIES = join(__dirname, '..', 'histories');

// Workflow code must stay deterministic across versions: histories recorded from earlier
// versions (test/histories/*.json) and fresh ones must replay against the current code.
describe('workflow replay', () => {
  const env = useStage1({ autoCloseAfterMs: 500 });

  it('a fresh order history replays against the current workflow code', async () => {
    const order = await env.s.company1Admin.createOrder(customerOrder());
    const handle = await orderWorkflowHandle(env.t.client, order.id);
    await handle.result();
    const history = await handle.fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: env.t.workflowBundlePath } }, history, handle.workflowId);
  });

  it('recorded histories of earlier versions replay against the current workflow code', async () => {
    const files = existsSync(HISTORIES) ? readdirSync(HISTORIES).filter((f) => f.endsWith('.json')) : [];
    assert.ok(files.length > 0, 'test/histories holds recorded histories');
    for (const file of files) {
      const history = historyFromJSON(JSON.parse(readFileSync(join(HISTORIES, file), 'utf8')));
      await Worker.runReplayHistory({ workflowBundle: { codePath: env.t.workflowBundlePath } }, history, file.replace(/\.json$/, ''));
    }
  });
});
