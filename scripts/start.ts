// `npm start`: the whole system on one machine — Temporal dev server with its Web UI
// (SQLite in .data/), both sandboxes, the worker and the webhook service. Ctrl-C stops
// everything. With TEMPORAL_ADDRESS set, an existing Temporal server is used instead.
import { loadConfigOrExit } from '../config/boot';
import { DEFAULT_OPS_PORTS } from '../metrics/defaults';
import { ensureTemporalCli, TemporalCliMissing } from '../temporal/cli-binary';
import { startDevServer, type DevServer } from '../temporal/dev-server';
import { assertPortsFree, PortInUse } from '../temporal/ports';
import { type RunningProcess, runTethered, superviseUntilExit } from './processes';
import { startSandboxes, type Sandboxes } from './sandboxes';

async function main(): Promise<number> {
  const config = loadConfigOrExit();
  const { devServer: dev } = config.temporal;
  let server: DevServer | undefined;
  let sandboxes: Sandboxes | undefined;
  const children: RunningProcess[] = [];
  let stopping = false;
  // After Ctrl-C every child got the SIGINT from the terminal already and is draining: give it
  // time rather than a second signal. Otherwise (SIGTERM, a failure) stop them ourselves.
  const stopAll = async (viaCtrlC = false) => {
    stopping = true;
    await Promise.all(children.map((c) => (viaCtrlC ? c.stopAfter(15_000) : c.stop())));
    await sandboxes?.close();
    await server?.stop();
  };

  try {
    const ports = [{ port: config.webhook.port, setting: 'WEBHOOK_PORT', what: 'webhook service' }];
    // Each process's ops port (/metrics, /livez, /readyz): the defaults, unless OPS_PORT says otherwise (then all share it: give 0).
    const opsPorts = config.ops.port === undefined ? DEFAULT_OPS_PORTS : undefined;
    if (opsPorts) {
      ports.push({ port: opsPorts.worker, setting: 'OPS_PORT', what: "worker's ops port" }, { port: opsPorts.webhooks, setting: 'OPS_PORT', what: "webhook service's ops port" });
      if (config.stage === 3) ports.push({ port: opsPorts.webview, setting: 'OPS_PORT', what: "webview's ops port" });
    }
    if (config.stage === 3) ports.push({ port: config.webview.port, setting: 'WEBVIEW_PORT', what: 'webview' });
    if (!config.amocrm.baseUrl) ports.push({ port: config.sandboxes.amocrmPort, setting: 'SANDBOX_AMOCRM_PORT', what: 'amoCRM sandbox' });
    if (!config.company1.baseUrl) ports.push({ port: config.sandboxes.company1Port, setting: 'SANDBOX_COMPANY1_PORT', what: 'Company 1 sandbox' });
    if (!config.temporal.address) {
      ports.push({ port: dev.port, setting: 'DEV_SERVER_PORT', what: 'Temporal frontend' }, { port: dev.uiPort, setting: 'DEV_SERVER_UI_PORT', what: 'Temporal Web UI' });
    }
    await assertPortsFree(ports, '127.0.0.1');

    let address = config.temporal.address;
    if (!address) {
      const binary = ensureTemporalCli();
      process.stderr.write(`Starting the Temporal dev server (${dev.dbFile})…\n`);
      server = await startDevServer({ binary, ip: dev.ip, port: dev.port, uiPort: dev.uiPort, dbFile: dev.dbFile, namespace: config.temporal.namespace });
      address = server.address;
    }
    sandboxes = await startSandboxes(config);
    const env = { ...process.env, TEMPORAL_ADDRESS: address };
    children.push(runTethered('worker', 'workers/main.ts', env), runTethered('webhook service', 'webhooks/main.ts', env));
    if (config.stage === 3) children.push(runTethered('webview', 'web/main.ts', env));

    const lines = [
      '',
      'Company 1 ⇄ amoCRM integration is up:',
      `  Temporal Web UI      ${server?.uiUrl ?? '(existing server)'}`,
      `  Temporal frontend    ${address} (namespace ${config.temporal.namespace})`,
      `  Webhook service      http://${config.webhook.host}:${config.webhook.port}`,
      ...(config.stage === 3 ? [`  Webview (stage 3)    ${config.webview.publicUrl}`] : []),
      ...(opsPorts
        ? [`  Metrics and health   http://${config.ops.host}:{${opsPorts.worker} worker, ${opsPorts.webhooks} webhooks${config.stage === 3 ? `, ${opsPorts.webview} webview` : ''}}/metrics (/livez, /readyz)`]
        : []),
      ...sandboxes.describe(),
      config.stage === 1
        ? '  Try it:              npm run demo:order   (in another terminal)'
        : config.stage === 2
          ? '  Try it:              INTEGRATION_STAGE=2 npm run demo:stage2   (in another terminal)'
          : `  Try it:              open ${sandboxes.company1AppUrl ?? 'the Company 1 sandbox app page'} and pick a customer`,
      '  Stop:                Ctrl-C',
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);

    return await superviseUntilExit(children, server ? [{ name: 'Temporal dev server', exited: server.exited }] : [], stopAll, () => stopping);
  } catch (err) {
    if (err instanceof PortInUse || err instanceof TemporalCliMissing) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    await stopAll();
    return 1;
  }
}

void main().then((code) => process.exit(code));
