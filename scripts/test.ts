// `npm test`: one real Temporal dev server (in memory) for the whole run, the
// workflow bundle built once, then Node's test runner over test/**/*.test.ts.
// Set TEMPORAL_ADDRESS to run against an existing server instead.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensureTemporalCli, TemporalCliMissing } from '../temporal/cli-binary';
import { startDevServer, type DevServer } from '../temporal/dev-server';
import { freePort } from '../temporal/ports';
import { writeWorkflowBundle } from '../temporal/workflow-bundle';
import { TEST_DEV_SERVER_DYNAMIC_CONFIG } from '../test/support/dev-server-settings';
import { ChromiumMissing, ensureChromium } from './ensure-chromium';

const root = join(__dirname, '..');

// test/cluster/ is its own tier (`npm run test:cluster`): it needs the Temporal server on PostgreSQL.
const OTHER_TIERS = new Set([join(root, 'test', 'cluster')]);

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (OTHER_TIERS.has(path)) return [];
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

async function main(): Promise<number> {
  const files = process.argv.slice(2).length ? process.argv.slice(2) : testFiles(join(root, 'test')).sort();
  const scratch = mkdtempSync(join(tmpdir(), 'c1amo-test-'));
  let server: DevServer | undefined;
  const stop = async () => {
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(143)));
  try {
    // The browser tests (test/browser/) drive Debian's Chromium: make sure it is there before anything starts.
    const browserEnv: Record<string, string> = {};
    if (files.some((f) => f.startsWith(join('test', 'browser')))) browserEnv.CHROMIUM_PATH = ensureChromium();
    let address = process.env.TEMPORAL_ADDRESS;
    if (!address) {
      const binary = ensureTemporalCli();
      server = await startDevServer({ binary, ip: '127.0.0.1', port: await freePort(), namespace: 'default', dynamicConfig: TEST_DEV_SERVER_DYNAMIC_CONFIG });
      address = server.address;
      process.stderr.write(`Temporal dev server (in memory) at ${address}\n`);
    }
    const bundle = await writeWorkflowBundle(scratch);
    const env = { ...process.env, ...browserEnv, TEMPORAL_ADDRESS: address, WORKFLOW_BUNDLE_PATH: bundle, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
    // --test-force-exit: a file whose failure leaves a server open must not hang the run. Its price (Node bug
    // nodejs/node#64833, open): a file's process may exit with its last verdicts still buffered, so the printed
    // test count is a lower bound (CI once printed 622 of 631). A failing file still exits 1 and fails the run.
    // --test-timeout: no single test may wait forever on a workflow that never finishes.
    const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-force-exit', '--test-timeout=300000', ...files];
    const code = await new Promise<number>((resolve) => {
      // Tethered: a killed `npm test` takes its test runner (and the servers it started) along.
      const child = spawn(process.execPath, [join(__dirname, 'tether.cjs'), process.execPath, ...args], { cwd: root, env, stdio: ['pipe', 'inherit', 'inherit'] });
      child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    });
    return code;
  } catch (err) {
    if (err instanceof TemporalCliMissing || err instanceof ChromiumMissing) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    return 1;
  } finally {
    await stop();
  }
}

void main().then((code) => process.exit(code));
