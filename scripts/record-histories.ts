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
import { recordStage2 } from './histories/stage2-scenarios';
import { recordStage3 } from './histories/stage3-scenarios';

const AMO_TOKEN = 'recording-amo-token';
const COMPANY1_KEY = 'recording-company1-key';
const NOTIFICATION_SECRET = 'recording-notification-secret';
const AMO_WEBHOOK_SECRET = 'recording-amo-webhook-secret';
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
      // Releases with an ops port (/metrics, /readyz) take any free one.
      OPS_PORT: '0',
      AMOCRM_BLOCKED_RECHECK_EVERY: `${TIMINGS.blockedRecheckMs}ms`,
      // Releases that have the setting let their contact entity exit after a minute (older ones: 10 min).
      CONTACT_ENTITY_IDLE: '1m',
      LOG_LEVEL: 'info',
    };
    // Orders announced by notification wait an hour for their close; the feed poller (in the
    // worker) starts orders with short timings, so they miss their deadline and get flagged.
    let processes: ReleaseProcess[] = [];
    const startProcesses = async (stageEnv: NodeJS.ProcessEnv) => {
      processes = [
        runReleaseProcess(release, release.entry(['workers/main.ts']), { ...env, ...stageEnv, STAGE1_AUTO_CLOSE_AFTER: '1s', STAGE1_GRACE: '1s', STAGE1_RECHECK_EVERY: `${TIMINGS.workerRecheckMs}ms`, FEED_POLL_EVERY: '2s' }, 'Worker ready'),
        runReleaseProcess(release, release.entry(['webhooks/main.ts', 'client/webhook-service/main.ts']), { ...env, ...stageEnv, STAGE1_AUTO_CLOSE_AFTER: '1h' }, 'Webhook service listening'),
      ];
      await Promise.all(processes.map((p) => p.ready));
    };
    const stopProcesses = () => Promise.all(processes.map((p) => p.stop())).then(() => undefined);
    cleanup.push(stopProcesses);
    await startProcesses({});
    let cliEnv: NodeJS.ProcessEnv = { ...env, STAGE1_AUTO_CLOSE_AFTER: '1h' };

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
      (...args) => runReleaseCommand(release, cli, args, cliEnv),
    );
    await recordStage1(recording, TIMINGS, { backfill: release.has('client/orders/backfill.ts') });

    // Releases that run stage 2: a stage-1 order left waiting, then the deploy switches to stage 2.
    if (release.has('client/orders/switch-stage.ts')) {
      const waiting = await recording.company1Admin.createOrder({ userId: 'rec-switched', customer: { firstName: 'Vera', lastName: 'Lebedeva', phone: '+79990003344' }, service: { id: 'c2-trial-lesson', name: 'Trial lesson' }, cost: 4900 });
      const { dealId } = await recording.orderIn(waiting.id, 'waiting-for-company1-close');
      await stopProcesses();
      const stage2: NodeJS.ProcessEnv = { INTEGRATION_STAGE: '2', AMOCRM_WEBHOOK_SECRET: AMO_WEBHOOK_SECRET, AMOCRM_RECONCILE_EVERY: '10s' };
      cliEnv = { ...cliEnv, ...stage2 };
      await startProcesses(stage2);
      const hookUrl = `http://127.0.0.1:${webhookPort}/amocrm/webhooks/${AMO_WEBHOOK_SECRET}`;
      const subscribed = await fetch(`${amo.url}/api/v4/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${AMO_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ destination: hookUrl, settings: ['status_lead'] }),
      });
      if (!subscribed.ok) throw new Error(`subscribing the webhook service: ${subscribed.status}`);
      await recordStage2(recording, { hookUrl, waitingStage1Order: { orderId: waiting.id, dealId: dealId! } });

      // Releases that run stage 3: the deploy switches to it, and the webview books orders.
      if (release.has('web/main.ts')) {
        await stopProcesses();
        const webviewPort = await freePort();
        const webviewUrl = `http://127.0.0.1:${webviewPort}`;
        const stage3: NodeJS.ProcessEnv = {
          ...stage2,
          INTEGRATION_STAGE: '3',
          WEBVIEW_PORT: String(webviewPort),
          WEBVIEW_PUBLIC_URL: webviewUrl,
          WEBVIEW_SESSION_SECRET: 'recording-webview-session-secret-0123456789',
          COMPANY1_JWKS_URL: `${company1.url}/.well-known/jwks.json`,
        };
        cliEnv = { ...cliEnv, ...stage3 };
        await startProcesses(stage3);
        const webview = runReleaseProcess(release, release.entry(['web/main.ts']), { ...env, ...stage3 }, 'Webview listening');
        processes.push(webview);
        await webview.ready;
        await recordStage3(recording, { webviewUrl, company1Url: company1.url });
      }
    }
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
