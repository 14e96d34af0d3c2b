// `npm run cluster`: the production topology on one machine — the Temporal server (v1.29.1, built
// from the Go module proxy) on PostgreSQL, set up by `orders setup-cluster`, two workers, two webhook
// services (Company 1's notifications reach the first, amoCRM's webhooks the second) and the
// sandboxes. Its state (PostgreSQL databases, the sandbox's orders) survives restarts. Ctrl-C stops it.
import { join, resolve } from 'node:path';
import { clusterSettings } from '../cluster/settings';
import { defaultPorts } from '../cluster/server-config';
import { startTemporalCluster } from '../cluster/temporal-cluster';
import type { ClusterServer } from '../cluster/server';
import { loadConfigOrExit } from '../config/boot';
import { DEFAULT_OPS_PORTS } from '../metrics/defaults';
import { assertPortsFree, PortInUse } from '../temporal/ports';
import { type RunningProcess, runTethered, superviseUntilExit } from './processes';
import { startSandboxes, type Sandboxes } from './sandboxes';

const STATE_DIR = resolve(__dirname, '..', '.data', 'cluster');
const OPS = DEFAULT_OPS_PORTS;
const opsUrl = (port: number) => `http://127.0.0.1:${port}`;

async function main(): Promise<number> {
  const config = loadConfigOrExit();
  const settings = clusterSettings();
  const frontendPort = Number(settings.frontend.split(':').pop());
  const ports = defaultPorts(frontendPort);
  const secondWebhookPort = config.webhook.port + 1;
  let server: ClusterServer | undefined;
  let sandboxes: Sandboxes | undefined;
  const children: RunningProcess[] = [];
  const stopAll = async (viaCtrlC = false) => {
    await Promise.all(children.map((c) => (viaCtrlC ? c.stopAfter(15_000) : c.stop())));
    await sandboxes?.close();
    await server?.stop();
  };
  try {
    await assertPortsFree(
      [
        { port: ports.frontend, setting: 'CLUSTER_FRONTEND', what: 'Temporal frontend' },
        { port: ports.metrics, setting: '(fixed)', what: "Temporal server's metrics" },
        { port: config.webhook.port, setting: 'WEBHOOK_PORT', what: 'webhook service 1' },
        ...[OPS.worker, OPS.worker + 10, OPS.webhooks, OPS.webhooks + 10].map((port) => ({ port, setting: '(fixed)', what: 'an ops port (/metrics)' })),
        { port: secondWebhookPort, setting: 'WEBHOOK_PORT (+1)', what: 'webhook service 2' },
        ...(config.amocrm.baseUrl ? [] : [{ port: config.sandboxes.amocrmPort, setting: 'SANDBOX_AMOCRM_PORT', what: 'amoCRM sandbox' }]),
        ...(config.company1.baseUrl ? [] : [{ port: config.sandboxes.company1Port, setting: 'SANDBOX_COMPANY1_PORT', what: 'Company 1 sandbox' }]),
      ],
      '127.0.0.1',
    );
    const t = config.temporal;
    const cluster = await startTemporalCluster({
      settings,
      root: STATE_DIR,
      ports,
      setup: { namespace: t.namespace, retentionMs: t.retentionMs, amocrmTaskQueue: t.taskQueues.amocrm, amocrmActivitiesPerSecond: t.amocrmActivitiesPerSecond },
      log: (line) => process.stderr.write(`${line}\n`),
    });
    server = cluster.server;
    for (const line of cluster.setupLines) process.stderr.write(`  setup: ${line}\n`);
    const secondWebhook = { ...config, webhook: { ...config.webhook, port: secondWebhookPort } };
    sandboxes = await startSandboxes(config, { stateDir: STATE_DIR, amoWebhookConfig: secondWebhook });
    const env = { ...process.env, TEMPORAL_ADDRESS: cluster.server.address };
    // Two of a kind on one host need their own ops ports: the second takes the first's + 10.
    const ops = (port: number) => ({ OPS_PORT: String(port) });
    children.push(
      runTethered('worker 1', 'workers/main.ts', { ...env, ...ops(OPS.worker) }),
      runTethered('worker 2', 'workers/main.ts', { ...env, ...ops(OPS.worker + 10) }),
      runTethered('webhook service 1', 'webhooks/main.ts', { ...env, ...ops(OPS.webhooks) }),
      runTethered('webhook service 2', 'webhooks/main.ts', { ...env, ...ops(OPS.webhooks + 10), WEBHOOK_PORT: String(secondWebhookPort) }),
    );
    if (config.stage === 3) children.push(runTethered('webview', 'web/main.ts', { ...env, ...ops(OPS.webview) }));
    process.stdout.write(
      [
        '',
        'Company 1 ⇄ amoCRM integration on a Temporal cluster is up:',
        `  Temporal server      ${cluster.server.address} (v1.29.1 on PostgreSQL ${settings.postgres.host}:${settings.postgres.port}, databases ${settings.databases.main}, ${settings.databases.visibility})`,
        `  Server metrics       ${cluster.server.metricsUrl}`,
        `  Inspect              .tools/bin/temporal workflow list --address ${cluster.server.address} (the server has no Web UI of its own)`,
        `  Workers              2 processes, ops ${opsUrl(OPS.worker)} and ${opsUrl(OPS.worker + 10)} (/metrics, /livez, /readyz)`,
        `  Webhook services ops ${opsUrl(OPS.webhooks)} and ${opsUrl(OPS.webhooks + 10)}`,
        `  Webhook services     http://127.0.0.1:${config.webhook.port} (Company 1), http://127.0.0.1:${secondWebhookPort} (amoCRM)`,
        ...sandboxes.describe(),
        `  State                ${join('.data', 'cluster')} and PostgreSQL`,
        '  Stop:                Ctrl-C',
        '',
      ].join('\n') + '\n',
    );
    return await superviseUntilExit(children, [{ name: 'Temporal server', exited: cluster.server.exited() }], stopAll);
  } catch (err) {
    process.stderr.write(`${err instanceof PortInUse ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await stopAll();
    return 1;
  }
}

void main().then((code) => process.exit(code));
