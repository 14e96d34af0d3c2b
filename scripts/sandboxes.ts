import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config';
import { createLogger } from '../logging/logger';
import { startAmoSandbox, type AmoSandbox } from '../sandbox/amocrm';
import { amoWebhookDestination, ensureAmoWebhookSubscription } from '../wiring/amocrm-webhook-subscription';
import { amoClientFrom } from '../wiring/clients';
import { startCompany1Sandbox } from '../sandbox/company1/server';
import { SANDBOX_AMOCRM_TOKEN, SANDBOX_COMPANY1_API_KEY, SANDBOX_COMPANY1_NOTIFICATION_SECRET } from '../config/sandbox-credentials';

export interface Sandboxes {
  describe(): string[];
  /** Stage 3: the Company 1 sandbox's app page, which opens the webview as a chosen customer. */
  company1AppUrl?: string;
  close(): Promise<void>;
}

/**
 * The sandboxes `npm start` runs in place of amoCRM and Company 1 when their settings
 * are not given. Company 1's notifications go to our webhook service, signed with the
 * secret the webhook service uses by default.
 */
export async function startSandboxes(
  config: Config,
  o: { stateDir?: string; amoWebhookConfig?: Config } = {},
): Promise<Sandboxes> {
  const lines: string[] = [];
  const closers: (() => Promise<void>)[] = [];
  let amo: AmoSandbox | undefined;
  let company1AppUrl: string | undefined;
  if (!config.amocrm.baseUrl) {
    amo = await startAmoSandbox({ port: config.sandboxes.amocrmPort, longLivedTokens: [SANDBOX_AMOCRM_TOKEN] });
    closers.push(() => amo!.close());
    lines.push(`  amoCRM sandbox       ${amo.url}  (admin: ${amo.url}/__sandbox/leads)`);
    if (config.stage !== 1) {
      // Stage 2: a manager's move in the sandbox reaches the webhook service, as amoCRM's would.
      // (`npm run cluster` sends them to its second webhook service: o.amoWebhookConfig.)
      const hook = await ensureAmoWebhookSubscription(amoClientFrom(config, createLogger('sandboxes')), amoWebhookDestination(o.amoWebhookConfig ?? config));
      lines.push(`  amoCRM webhooks      ${hook.after.settings.join(', ')} → the webhook service`);
    }
  }
  if (!config.company1.baseUrl) {
    // Order ids are workflow ids, and the dev server's SQLite outlives this process: keep the
    // sandbox's orders (and its id sequence) next to it. A new file starts its ids from the
    // clock, so it cannot meet workflows left in an older database.
    const persistFile = join(o.stateDir ?? dirname(resolve(config.temporal.devServer.dbFile)), 'company1-sandbox.json');
    const company1 = await startCompany1Sandbox({
      port: config.sandboxes.company1Port,
      persistFile,
      firstOrderId: existsSync(persistFile) ? undefined : 100_000 + (Math.floor(Date.now() / 1000) % 900_000) * 10 + 1,
      apiKey: SANDBOX_COMPANY1_API_KEY,
      stage: config.stage,
      autoCloseAfterMs: config.stage1.autoCloseAfterMs,
      subscribers: [
        { url: `http://127.0.0.1:${config.webhook.port}/company1/notifications`, secret: SANDBOX_COMPANY1_NOTIFICATION_SECRET },
      ],
      ...(config.stage === 3 ? { webviewUrl: config.webview.publicUrl } : {}),
    });
    closers.push(() => company1.close());
    lines.push(`  Company 1 sandbox    ${company1.url}  (admin: ${company1.url}/__sandbox/orders)`);
    if (config.stage === 3) {
      company1AppUrl = `${company1.url}/app`;
      lines.push(`  Company 1 app page   ${company1AppUrl}  (opens the webview as a customer)`);
    }
  }
  return {
    describe: () => lines,
    company1AppUrl,
    close: async () => {
      await Promise.all(closers.map((c) => c()));
    },
  };
}
