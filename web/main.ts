// The webview process (stage 3): one Temporal client, the pages Company 1's app opens.
import { loadConfigOrExit } from '../config/boot';
import { createLogger } from '../logging/logger';
import { closeOnSignals } from '../wiring/http-service';
import { startProcessOps, temporalReadiness } from '../wiring/ops';
import { connectClient } from '../temporal/connection';
import { webviewAppFrom, webviewSettingsProblems } from './wiring';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger('webview');
  const problems = webviewSettingsProblems(config);
  if (problems.length > 0) {
    process.stderr.write(`The webview cannot start:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(2);
  }
  const client = await connectClient(config.temporal);
  const app = webviewAppFrom(config, client, log);
  app.server.requestTimeout = 15_000;
  await app.listen({ host: config.webview.host, port: config.webview.port });
  log.info('Webview listening', { url: config.webview.publicUrl });

  const ops = await startProcessOps('webview', config, { what: 'webview', readiness: { temporal: temporalReadiness(client) }, log });
  closeOnSignals('Webview', app, client, log, ops);
}

main().catch((err: unknown) => {
  createLogger('webview').error('Webview failed to start', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
