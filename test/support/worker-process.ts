import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { feedScheduleId } from '../../workflows/ids';
import { AMO_TOKEN, COMPANY1_API_KEY, NOTIFICATION_SECRET, startStage1, type Stage1, type Stage1Options } from './stage1';
import { testTemporal, type TestTemporal } from './temporal';

const ROOT = join(__dirname, '..', '..');

/** The real worker process (`workers/main.ts`), configured through its environment like in production. */
export function spawnWorker(
  t: TestTemporal,
  s: Stage1,
  settings: Record<string, string> = {},
  /** Extra Node options (e.g. `--cpu-prof`, which NODE_OPTIONS does not take). */
  nodeArgs: string[] = [],
): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null>; output: () => string } {
  // SIGKILL must reach the worker itself (the test simulates a crash), so no tether here;
  // the test's after() hooks stop it.
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(ROOT, 'workers', 'main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      TEMPORAL_ADDRESS: t.address,
      TEMPORAL_TASK_QUEUE: t.taskQueues.orders,
      TEMPORAL_AMOCRM_TASK_QUEUE: t.taskQueues.amocrm,
      AMOCRM_BASE_URL: s.amoSandbox.url,
      AMOCRM_LONG_LIVED_TOKEN: AMO_TOKEN,
      COMPANY1_BASE_URL: s.company1Url,
      COMPANY1_API_KEY,
      COMPANY1_NOTIFICATION_SECRET: NOTIFICATION_SECRET,
      WORKFLOW_BUNDLE_PATH: t.workflowBundlePath,
      FEED_POLL_EVERY: '1h',
      // The developer's .env must not leak into a test.
      DOTENV: 'off',
      LOG_LEVEL: 'info',
      // Test files run side by side: each process takes any free ops port.
      OPS_PORT: '0',
      ...settings,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Worker ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${output.slice(-3000)}`)));
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, ready, exited, output: () => output };
}

/**
 * The suite setup for tests of several worker processes: a Temporal connection, a stage-1 system
 * with no in-process worker, and one worker process per entry of `workerSettings`, all stopped
 * after the tests. Read `env.t` / `env.s` / `env.workers` inside tests.
 */
export function useWorkerProcesses(options: Stage1Options, workerSettings: Record<string, string>[]): { t: TestTemporal; s: Stage1; workers: ReturnType<typeof spawnWorker>[] } {
  const env = { workers: [] } as unknown as { t: TestTemporal; s: Stage1; workers: ReturnType<typeof spawnWorker>[] };
  before(async () => {
    env.t = await testTemporal();
    env.s = await startStage1(env.t, { ...options, workers: 0 });
    env.workers.push(...workerSettings.map((settings) => spawnWorker(env.t, env.s, settings)));
    await Promise.all(env.workers.map((w) => w.ready));
  });
  after(async () => {
    for (const w of env.workers) w.child.kill('SIGTERM');
    await Promise.all(env.workers.map((w) => w.exited));
    await env.t?.client.schedule.getHandle(feedScheduleId(env.t.taskQueues.orders)).delete().catch(() => undefined);
    await env.s?.close();
    await env.t?.close();
  });
  return env;
}
