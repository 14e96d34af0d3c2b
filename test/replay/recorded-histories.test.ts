import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { type ReplayResult, Worker } from '@temporalio/worker';
import { writeWorkflowBundle } from '../../temporal/workflow-bundle';
import { recordedHistories } from '../support/recorded-histories';

// Orders in flight are upgraded in place: the current workflow code must replay every
// history a released version could have written (docs/versioning.md). No server needed.
describe('recorded histories of released versions replay against the current workflow code', () => {
  const histories = recordedHistories();
  const results = new Map<string, ReplayResult>();

  before(async () => {
    const codePath = process.env.WORKFLOW_BUNDLE_PATH ?? (await writeWorkflowBundle(mkdtempSync(join(tmpdir(), 'c1amo-bundle-'))));
    const inputs = histories.map(({ name, file }) => ({ workflowId: name, history: historyFromJSON(JSON.parse(readFileSync(file, 'utf8'))) }));
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath } }, inputs)) results.set(result.workflowId, result);
  });

  it('there are recorded histories to replay', () => {
    assert.ok(histories.length > 0, 'test/histories holds recorded histories');
  });

  for (const { name } of histories) {
    it(`${name} replays`, () => {
      const result = results.get(name);
      assert.ok(result, `${name} was replayed`);
      if (result.error) throw result.error;
    });
  }
});
