import * as z from 'zod';

export const webhook = z.object({
  id: z.number(),
  destination: z.string(),
  settings: z.array(z.string()),
  disabled: z.boolean().optional(),
  sort: z.number().optional(),
  created_at: z.number().optional(),
});

export const webhooksList = z.object({ _embedded: z.object({ webhooks: z.array(webhook) }) });
