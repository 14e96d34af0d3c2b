import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// deploy/prometheus/ checked by Prometheus's own promtool (built by `npm run test:cluster`, PROMTOOL).
const root = join(__dirname, '..', '..');
const promtool = process.env.PROMTOOL;

function run(args: string[]) {
  assert.ok(promtool, 'PROMTOOL is set by npm run test:cluster');
  const result = spawnSync(promtool, args, { cwd: join(root, 'deploy', 'prometheus'), encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('deploy/prometheus: the alert rules, as promtool sees them', () => {
  it('promtool check rules: valid PromQL and rule syntax', () => {
    const { status, output } = run(['check', 'rules', 'alerts.yml']);
    assert.equal(status, 0, output);
    assert.match(output, /SUCCESS: \d+ rules found/);
  });

  it('promtool test rules: each alert fires when it should, and not before (alerts.test.yml)', () => {
    const { status, output } = run(['test', 'rules', 'alerts.test.yml']);
    assert.equal(status, 0, output);
  });
});
