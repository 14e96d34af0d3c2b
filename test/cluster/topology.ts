import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { AmoClient } from '../../amocrm';
import { clusterSettings } from '../../cluster/settings';
import { freeServerPorts } from '../../cluster/server-config';
import { startTemporalCluster } from '../../cluster/temporal-cluster';
import { createLogger } from '../../logging/logger';
import { startAmoSandbox, type AmoSandbox } from '../../sandbox/amocrm';
import { Company1SandboxAdmin } from '../../sandbox/company1/admin-client';
import { startCompany1Sandbox } from '../../sandbox/company1/server';
import { freeFixedPort } from '../../temporal/ports';
import { writeWorkflowBundle } from '../../temporal/workflow-bundle';
import { AMO_TOKEN, AMO_WEBHOOK_SECRET, COMPANY1_API_KEY, NOTIFICATION_SECRET, SETUP_AMO_TOKEN } from '../support/stage1';

const ROOT = join(__dirname, '..', '..');
const NAMESPACE = 'default';
/** Production's queue names: the cluster is set up exactly as production is. */
const TASK_QUEUES = { orders: 'orders', amocrm: 'amocrm' };

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<number | null>;
  output(): string;
}

const running = new Set<ChildProcess>();
// A test runner that force-exits must not leave workers polling a server that is gone.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A product process (worker, webhook service) configured through its environment, as in production. */
function spawnService(name: string, entry: string, env: Record<string, string>, readyLine: string): ServiceProcess {
  // Not tethered: a test SIGKILLs the process itself, as a crash or a lost host would.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (output.includes(readyLine)) resolve();
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready:\n${output.slice(-3000)}`)));
  });
  ready.catch(() => undefined);
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      running.delete(child);
      r(code);
    }),
  );
  return { name, child, ready, exited, output: () => output };
}

async function stopService(p: ServiceProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill(signal);
  await p.exited;
}

export type Stage = 1 | 2;

/**
 * The production topology on one machine: the Temporal server v1.29.1 on PostgreSQL (fresh
 * databases, set up by the same setup command operators run), two worker processes, two webhook
 * services (Company 1's notifications reach the first, amoCRM's webhooks the second) and the sandboxes.
 */
export async function startClusterTopology() {
  const cleanup: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  try {
    const root = mkdtempSync(join(tmpdir(), 'c1amo-cluster-'));
    cleanup.push(() => Promise.resolve(rmSync(root, { recursive: true, force: true })));
    const settings = clusterSettings();
    const setup = { namespace: NAMESPACE, retentionMs: 86_400_000, amocrmTaskQueue: TASK_QUEUES.amocrm, amocrmActivitiesPerSecond: 10 };
    const log = (line: string) => process.stderr.write(`${line}\n`);
    const { server, setupLines } = await startTemporalCluster({ settings, root, ports: await freeServerPorts(), setup, fresh: true, log });
    cleanup.push(() => server.stop());
    const connection = await Connection.connect({ address: server.address });
    cleanup.push(() => connection.close());
    const client = new Client({ connection, namespace: NAMESPACE });
    const bundle = process.env.WORKFLOW_BUNDLE_PATH ?? (await writeWorkflowBundle(root));

    // amoCRM's own limit is on: the sandbox answers 429 to an 8th request in any second.
    const amoSandbox: AmoSandbox = await startAmoSandbox({ longLivedTokens: [AMO_TOKEN, SETUP_AMO_TOKEN] });
    cleanup.push(() => amoSandbox.close());
    const webhookPorts = [await freeFixedPort(), await freeFixedPort()];
    // Each process's ops port (/metrics, /livez, /readyz), kept across restarts so a test can scrape it.
    const opsPorts = { workers: [await freeFixedPort(), await freeFixedPort()], webhooks: [await freeFixedPort(), await freeFixedPort()] };
    const webhookUrls = webhookPorts.map((p) => `http://127.0.0.1:${p}`);
    const company1Sandbox = await startCompany1Sandbox({
      apiKey: COMPANY1_API_KEY,
      stage: 1,
      autoCloseAfterMs: 3_000,
      subscribers: [{ url: `${webhookUrls[0]}/company1/notifications`, secret: NOTIFICATION_SECRET }],
      firstOrderId: 1_000_000 + Math.floor(Math.random() * 8_000_000) * 100,
    });
    cleanup.push(() => company1Sandbox.close());
    // The tests' own amoCRM client (another integration of the account: it never eats the workers' 7/s).
    const amo = new AmoClient({ baseUrl: amoSandbox.url, auth: { kind: 'long-lived', token: SETUP_AMO_TOKEN }, requestsPerSecond: 7, logger: createLogger('test', 40) });

    const env = (stage: Stage): Record<string, string> => ({
      PATH: process.env.PATH ?? '',
      DOTENV: 'off',
      LOG_LEVEL: 'info',
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      WORKFLOW_BUNDLE_PATH: bundle,
      INTEGRATION_STAGE: String(stage),
      AMOCRM_BASE_URL: amoSandbox.url,
      AMOCRM_LONG_LIVED_TOKEN: AMO_TOKEN,
      AMOCRM_WEBHOOK_SECRET: AMO_WEBHOOK_SECRET,
      COMPANY1_BASE_URL: company1Sandbox.url,
      COMPANY1_API_KEY,
      COMPANY1_NOTIFICATION_SECRET: NOTIFICATION_SECRET,
      STAGE1_AUTO_CLOSE_AFTER: '3s',
      STAGE1_GRACE: '3s',
      STAGE1_RECHECK_EVERY: '2s',
      // amoCRM retries a failed webhook only after 5 minutes: a move lost while Temporal was down is
      // found by the reconciliation, which compares every open order's deal with amoCRM.
      AMOCRM_RECONCILE_EVERY: '15s',
    });
    let stage: Stage = 1;
    const workers: ServiceProcess[] = [];
    const webhooks: ServiceProcess[] = [];
    const startWorker = (i: number) => {
      workers[i] = spawnService(`worker ${i + 1}`, 'workers/main.ts', { ...env(stage), OPS_PORT: String(opsPorts.workers[i]) }, 'Worker ready');
      return workers[i].ready;
    };
    const startWebhook = (i: number) => {
      webhooks[i] = spawnService(`webhook service ${i + 1}`, 'webhooks/main.ts', { ...env(stage), WEBHOOK_PORT: String(webhookPorts[i]), OPS_PORT: String(opsPorts.webhooks[i]) }, 'Webhook service listening');
      return webhooks[i].ready;
    };
    await Promise.all([startWorker(0), startWorker(1), startWebhook(0), startWebhook(1)]);
    cleanup.push(async () => {
      await Promise.all([...workers, ...webhooks].map((p) => stopService(p)));
    });

    return {
      server,
      setupLines,
      settings,
      setup,
      client,
      amo,
      amoSandbox,
      amoAdmin: amoSandbox.admin,
      company1Admin: new Company1SandboxAdmin(company1Sandbox.url),
      workers,
      webhooks,
      /** Ops base URLs: workers[i], webhooks[i]. */
      opsUrls: {
        workers: opsPorts.workers.map((p) => `http://127.0.0.1:${p}`),
        webhooks: opsPorts.webhooks.map((p) => `http://127.0.0.1:${p}`),
      },
      /** SIGKILL worker i (a crash: no drain), then start a new one in its place. */
      async killWorker(i: number): Promise<void> {
        await stopService(workers[i]!, 'SIGKILL');
      },
      startWorker,
      /**
       * A rolling deploy of the next stage: each webhook service, then each worker, is stopped
       * gracefully and started again with INTEGRATION_STAGE, one at a time (the others keep
       * serving); then Company 1 stops closing orders itself and amoCRM's webhooks are subscribed.
       */
      async deployStage(next: Stage): Promise<void> {
        stage = next;
        for (let i = 0; i < webhooks.length; i += 1) {
          await stopService(webhooks[i]!);
          await startWebhook(i);
        }
        for (let i = 0; i < workers.length; i += 1) {
          await stopService(workers[i]!);
          await startWorker(i);
        }
        if (next === 2) {
          await new Company1SandboxAdmin(company1Sandbox.url).setStage(2);
          await amo.subscribeWebhook(`${webhookUrls[1]}/amocrm/webhooks/${AMO_WEBHOOK_SECRET}`, ['status_lead']);
        }
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

export type ClusterTopology = Awaited<ReturnType<typeof startClusterTopology>>;
