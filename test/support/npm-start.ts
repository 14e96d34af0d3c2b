import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { freeFixedPort } from '../../temporal/ports';

export const ROOT = resolve(__dirname, '../..');
export const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * `npm start` as a user runs it, for a quick-start test file: its own dev server (SQLite in a scratch folder)
 * and every port free, plus `settings` (the stage, ports the test needs to know). Up before the tests, the whole
 * process group stopped after them. Read `system.env` and `system.output` inside tests.
 */
export function useNpmStart(settings: () => Promise<NodeJS.ProcessEnv>): { env: NodeJS.ProcessEnv; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'quick-start-'));
  const system = { env: {} as NodeJS.ProcessEnv, output: '' };
  let child: ChildProcess | undefined;

  before(async () => {
    const { TEMPORAL_ADDRESS: _ours, ...inherited } = process.env;
    system.env = {
      ...inherited, // WORKFLOW_BUNDLE_PATH from `npm test` spares the worker a bundling on 2 cores
      DEV_SERVER_DB: join(dir, 'temporal.sqlite'),
      // Below the ephemeral range: npm start binds them seconds later, and other test files' processes
      // bind port 0 meanwhile (a port from freePort() could be taken by then).
      DEV_SERVER_PORT: String(await freeFixedPort()),
      DEV_SERVER_UI_PORT: String(await freeFixedPort()),
      WEBHOOK_PORT: String(await freeFixedPort()),
      SANDBOX_AMOCRM_PORT: String(await freeFixedPort()),
      SANDBOX_COMPANY1_PORT: String(await freeFixedPort()),
      LOG_LEVEL: 'warn',
      OPS_PORT: '0', // test files run side by side: each process takes any free ops port
      ...(await settings()),
    };
    child = spawn(NPM, ['start'], { cwd: ROOT, env: system.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout!.on('data', (c: Buffer) => (system.output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (system.output += c.toString()));
    const up = await Promise.race([
      new Promise<boolean>((r) => child!.stdout!.on('data', () => system.output.includes('integration is up') && r(true))),
      once(child, 'exit').then(() => false),
      new Promise<boolean>((r) => setTimeout(() => r(false), 120_000).unref()),
    ]);
    assert.ok(up, `npm start did not come up:\n${system.output}`);
  });

  after(async () => {
    if (child?.exitCode === null) {
      process.kill(-child.pid!, 'SIGTERM');
      await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 20_000).unref())]);
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return system;
}

/** `npm run --silent <script>` next to the running system, as a user types it; its exit code and all it printed. */
export async function runNpmScript(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  const child = spawn(NPM, ['run', '--silent', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out };
}
