// `npm run histories:record -- <commit> [label]`: runs a released version of the code (its own
// worker, webhook service and operator CLI, checked out from git) against a fresh Temporal dev
// server and the sandboxes, drives orders into the states where they really sit when a deploy
// meets them, and saves those histories to test/histories/<label>/. The replay test replays
// every one of them against the current workflow code (docs/versioning.md).
// Takes 4 to 13 minutes: the released entity finishes after 1 idle minute (10 before the hardening release).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Company1Client } from '../company1/client';
import { startAmoSandbox } from '../sandbox/amocrm';
import { Company1SandboxAdmin } from '../sandbox/company1/admin-client';
import { startCompany1Sandbox } from '../sandbox/company1/server';
import { ensureTemporalCli } from '../temporal/cli-binary';
import { startDevServer } from '../temporal/dev-server';
import { freePort } from '../temporal/ports';
import { checkOutRelease, runReleaseCommand, runReleaseProcess, type ReleaseProcess } from './histories/release-checkout';
import { Recording } from './histories/recording';
import { recordStage1, type Stage1Timings } from './histories/stage1-scenarios';

const AMO_TOKEN = 'recording-amo-token';
const COMPANY1_KEY = 'recording-company1-key';
const NOTIFICATION_SECRET = 'recording-notification-secret';
const TIMINGS: Stage1Timings = { workerRecheckMs: 2_000, blockedRecheckMs: 3_000, entityIdleMs: 10 * 60_000 };

async function main(): Promise<void> {
  const [commit, labelArg] = process.argv.slice(2);
  if (!commit) throw new Error('usage: npm run histories:record -- <commit> [label]');
  const release = checkOutRelease(commit);
  const label = labelArg ?? `release-${release.sha.slice(0, 8)}`;
  const outDir = resolve(__dirname, '..', 'test', 'histories', label);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  process.stdout.write(`Recording histories of ${release.sha} into ${outDir}\n`);

  const cleanup: (() => Promise<void> | void)[] = [() => release.remove()];
  const runCleanup = async () => {
    for (const step of cleanup.splice(0).reverse()) await Promise.resolve(step()).catch((err: unknown) => process.stderr.write(`cleanup: ${String(err)}\n`));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void runCleanup().then(() => process.exit(130)));
  try {
    // Suggest continue-as-new early, so the entity's continue-as-new path is reached in minutes.
    const server = await startDevServer({
      binary: ensureTemporalCli(),
      ip: '127.0.0.1',
      port: await freePort(),
      namespace: 'default',
      dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40 },
    });
    cleanup.push(() => server.stop());
    const amo = await startAmoSandbox({ longLivedTokens: [AMO_TOKEN] });
    cleanup.push(() => amo.close());
    const webhookPort = await freePort();
    const company1 = await startCompany1Sandbox({
      apiKey: COMPANY1_KEY,
      stage: 2, // no auto-close: the recorder closes orders itself, when a scenario wants it
      subscribers: [{ url: `http://127.0.0.1:${webhookPort}/company1/notifications`, secret: NOTIFICATION_SECRET }],
    });
    cleanup.push(() => company1.close());

    const env: NodeJS.ProcessEnv = {
      TEMPORAL_ADDRESS: server.address,
      AMOCRM_BASE_URL: amo.url,
      AMOCRM_LONG_LIVED_TOKEN: AMO_TOKEN,
      COMPANY1_BASE_URL: company1.url,
      COMPANY1_API_KEY: COMPANY1_KEY,
      COMPANY1_NOTIFICATION_SECRET: NOTIFICATION_SECRET,
      WEBHOOK_PORT: String(webhookPort),
      AMOCRM_BLOCKED_RECHECK_EVERY: `${TIMINGS.blockedRecheckMs}ms`,
      // Releases that have the setting let their contact entity exit after a minute (older ones: 10 min).
      CONTACT_ENTITY_IDLE: '1m',
      LOG_LEVEL: 'info',
    };
    // Orders announced by notification wait an hour for their close; the feed poller (in the
    // worker) starts orders with short timings, so they miss their deadline and get flagged.
    const processes: ReleaseProcess[] = [
      runReleaseProcess(release, release.entry(['workers/main.ts']), { ...env, STAGE1_AUTO_CLOSE_AFTER: '1s', STAGE1_GRACE: '1s', STAGE1_RECHECK_EVERY: `${TIMINGS.workerRecheckMs}ms`, FEED_POLL_EVERY: '2s' }, 'Worker ready'),
      runReleaseProcess(release, release.entry(['webhooks/main.ts', 'client/webhook-service/main.ts']), { ...env, STAGE1_AUTO_CLOSE_AFTER: '1h' }, 'Webhook service listening'),
    ];
    cleanup.push(() => Promise.all(processes.map((p) => p.stop())).then(() => undefined));
    await Promise.all(processes.map((p) => p.ready));

    const connection = await Connection.connect({ address: server.address });
    cleanup.push(() => connection.close());
    const cli = release.entry(['client/cli.ts']);
    const recording = new Recording(
      new Client({ connection }),
      amo.admin,
      amo.url,
      AMO_TOKEN,
      new Company1SandboxAdmin(company1.url),
      new Company1Client({ baseUrl: company1.url, apiKey: COMPANY1_KEY }),
      outDir,
      (...args) => runReleaseCommand(release, cli, args, { ...env, STAGE1_AUTO_CLOSE_AFTER: '1h' }),
    );
    await recordStage1(recording, TIMINGS);
    const manifest = { commit: release.sha, recordedAt: new Date().toISOString(), histories: recording.saved };
    writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    process.stdout.write(`Recorded ${Object.keys(recording.saved).length} histories in ${outDir}\n`);
  } finally {
    await runCleanup();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
