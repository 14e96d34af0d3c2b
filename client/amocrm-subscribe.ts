// Operator command: `npm run amocrm:subscribe` (stage 2).
// Subscribes the webhook service to amoCRM's deal moves (POST /api/v4/webhooks, needs an admin's
// token), at WEBHOOK_PUBLIC_URL/amocrm/webhooks/<AMOCRM_WEBHOOK_SECRET>. Safe to run again: amoCRM
// keeps one subscription per URL, and saving it re-enables a hook amoCRM disabled after failures.
// `npm start` does this itself for the amoCRM sandbox.
import { isAmoError } from '../amocrm';
import { loadConfigOrExit } from '../config/boot';
import { createLogger } from '../logging/logger';
import { connectClient } from '../temporal/connection';
import { amoWebhookDestination, ensureAmoWebhookSubscription } from '../wiring/amocrm-webhook-subscription';
import { amoClientFrom, amocrmAccountFrom } from '../wiring/clients';

function fail(message: string): never {
  process.stderr.write(`amocrm:subscribe: ${message}\n`);
  process.exit(1);
}

/** The secret is the credential: never print it. */
const shown = (destination: string) => destination.replace(/\/amocrm\/webhooks\/[^/]+$/, '/amocrm/webhooks/<AMOCRM_WEBHOOK_SECRET>');

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (config.amocrm.baseUrl && !config.webhook.publicUrl) fail('set WEBHOOK_PUBLIC_URL to the https URL under which amoCRM reaches the webhook service');
  if (config.amocrm.baseUrl && !config.amocrm.webhookSecret) fail('set AMOCRM_WEBHOOK_SECRET (the last path segment of the webhook URL; amoCRM does not sign webhooks)');
  const destination = amoWebhookDestination(config);
  const auth = config.amocrm.auth;
  const client = auth.kind === 'oauth' && auth.tokenStore.kind === 'temporal' ? await connectClient(config.temporal) : undefined;
  try {
    const account = client ? amocrmAccountFrom(config, client) : undefined;
    const amo = amoClientFrom(config, createLogger('amocrm-subscribe'), account && { account, sharedRateLimit: false });
    const { before, after } = await ensureAmoWebhookSubscription(amo, destination).catch((err: unknown) =>
      fail(isAmoError(err) ? `${err.message} (subscribing needs an amoCRM administrator's token)` : err instanceof Error ? err.message : String(err)),
    );
    if (before?.disabled) process.stdout.write(`amoCRM had disabled this webhook (too many failed deliveries); saved again, it is enabled.\n`);
    process.stdout.write(`${before ? 'Updated' : 'Created'} amoCRM webhook ${after.id}: ${shown(after.destination)} for ${after.settings.join(', ')}${after.disabled ? ' (still disabled!)' : ''}\n`);
  } finally {
    await client?.connection.close();
  }
}

void main();
