import * as z from 'zod';
import { type AmoContext } from './context';
import { type AmoWebhook } from './model';
import { webhook, webhooksList } from './schemas/webhooks';

type WebhookBody = { id: number; destination: string; settings: string[]; disabled?: boolean };

function toWebhook(w: WebhookBody): AmoWebhook {
  return { id: w.id, destination: w.destination, settings: w.settings, disabled: w.disabled ?? false };
}

export async function listWebhooks(ctx: AmoContext): Promise<AmoWebhook[]> {
  const body = await ctx.api.request({ method: 'GET', path: '/api/v4/webhooks', schema: webhooksList });
  return (body?._embedded.webhooks ?? []).map(toWebhook);
}

/** amoCRM upserts by destination, so subscribing again just replaces the settings. */
export async function subscribeWebhook(ctx: AmoContext, destination: string, settings: string[]): Promise<AmoWebhook> {
  const body = await ctx.api.requestBody({ method: 'POST', path: '/api/v4/webhooks', body: { destination, settings }, schema: webhook });
  return toWebhook(body);
}

export async function unsubscribeWebhook(ctx: AmoContext, destination: string): Promise<void> {
  await ctx.api.request({ method: 'DELETE', path: '/api/v4/webhooks', body: { destination }, schema: z.unknown() });
}
