// The README's stage-2 quick start, as a user runs it: `INTEGRATION_STAGE=2 npm start` (its own dev
// server with SQLite, both sandboxes, the worker, the webhook service, the amoCRM webhook
// subscription), then `npm run demo:stage2` walking one order's deal through every stage.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '../../temporal/ports';

const ROOT = resolve(__dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('quick start, stage 2: npm start and npm run demo:stage2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'quick-start-'));
  let env: NodeJS.ProcessEnv;
  let system: ChildProcess | undefined;
  let output = '';

  before(async () => {
    const { TEMPORAL_ADDRESS: _ours, ...inherited } = process.env;
    env = {
      ...inherited, // WORKFLOW_BUNDLE_PATH from `npm test` spares the worker a bundling on 2 cores
      INTEGRATION_STAGE: '2',
      DEV_SERVER_DB: join(dir, 'temporal.sqlite'),
      DEV_SERVER_PORT: String(await freePort()),
      DEV_SERVER_UI_PORT: String(await freePort()),
      WEBHOOK_PORT: String(await freePort()),
      SANDBOX_AMOCRM_PORT: String(await freePort()),
      SANDBOX_COMPANY1_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
    system = spawn(NPM, ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    system.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    system.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const up = await Promise.race([
      new Promise<boolean>((r) => system!.stdout!.on('data', () => output.includes('integration is up') && r(true))),
      once(system, 'exit').then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(false), 120_000).unref()),
    ]);
    assert.ok(up, `npm start did not come up:\n${output}`);
  });

  after(async () => {
    if (system?.exitCode === null) {
      process.kill(-system.pid!, 'SIGTERM');
      await Promise.race([once(system, 'exit'), new Promise((r) => setTimeout(r, 20_000).unref())]);
      if (system.exitCode === null) process.kill(-system.pid!, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('says the webhooks are subscribed, and the demo walks the order to executed, paid, with its subscription', async () => {
    assert.match(output, /amoCRM webhooks\s+status_lead → the webhook service/);
    const demo = spawn(NPM, ['run', '--silent', 'demo:stage2'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    demo.stdout.on('data', (c: Buffer) => (out += c.toString()));
    demo.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const [code] = (await once(demo, 'exit')) as [number | null];
    assert.equal(code, 0, `demo:stage2 failed:\n${out}\n--- npm start:\n${output}`);
    for (const stage of ['Recorded for trial', 'Confirmed VU', 'Waiting for payment', 'Payment received', 'Another lesson passed', 'Success']) {
      assert.match(out, new RegExp(`deal → ${stage}`), `printed the move to ${stage}`);
    }
    assert.match(out, /completed: executed/);
    const final = JSON.parse(out.trim().split('\n').at(-1)!) as { status: string; paid: boolean; cost: number; subscription: { state: string; lessonsTotal: number; lessonsUsed: number } };
    assert.equal(final.status, 'executed');
    assert.equal(final.paid, true);
    assert.equal(final.cost, 4900);
    assert.deepEqual([final.subscription.state, final.subscription.lessonsTotal, final.subscription.lessonsUsed], ['active', 4, 1]);
  });
});
