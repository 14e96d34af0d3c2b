import type { AmoClient, AmoWebhook } from '../amocrm';
import type { Config } from '../config';
import { SANDBOX_AMOCRM_WEBHOOK_SECRET } from '../config/sandbox-credentials';

/**
 * What stage 2 needs from amoCRM: a deal's move between stages. A price edit within a stage is not
 * needed (the cost is taken when the deal enters "Waiting for payment"), nor are new deals (ours).
 */
export const AMO_WEBHOOK_EVENTS = ['status_lead'];

/** Where amoCRM posts its webhooks: the webhook service's public URL, with the secret as the last segment. */
export function amoWebhookDestination(config: Config): string {
  const base = config.webhook.publicUrl ?? `http://${config.webhook.host === '0.0.0.0' ? '127.0.0.1' : config.webhook.host}:${config.webhook.port}`;
  return `${base.replace(/\/+$/, '')}/amocrm/webhooks/${encodeURIComponent(config.amocrm.webhookSecret ?? SANDBOX_AMOCRM_WEBHOOK_SECRET)}`;
}

export interface AmoWebhookSubscription {
  /** The subscription of this destination before, if any (a disabled one is amoCRM's verdict on failures). */
  before?: AmoWebhook;
  after: AmoWebhook;
}

/** Subscribes (again) to AMO_WEBHOOK_EVENTS: amoCRM upserts by destination, which also re-enables a disabled hook. */
export async function ensureAmoWebhookSubscription(amo: AmoClient, destination: string): Promise<AmoWebhookSubscription> {
  const before = (await amo.listWebhooks()).find((w) => w.destination === destination);
  const after = await amo.subscribeWebhook(destination, AMO_WEBHOOK_EVENTS);
  return { ...(before ? { before } : {}), after };
}
