import * as z from 'zod';
import { createdEntity, customFieldsValues, links } from './common';

export const lead = z.object({
  id: z.number(),
  name: z.string(),
  price: z.number().nullable(),
  status_id: z.number(),
  pipeline_id: z.number(),
  closed_at: z.number().nullable().optional(),
  created_at: z.number(),
  updated_at: z.number(),
  custom_fields_values: customFieldsValues,
  _embedded: z
    .object({
      contacts: z.array(z.object({ id: z.number(), is_main: z.boolean().optional() })).optional(),
      tags: z.array(z.object({ id: z.number() })).optional(),
    })
    .optional(),
});
export type LeadBody = z.infer<typeof lead>;

export const leadsPage = z.object({
  _links: links.optional(),
  _embedded: z.object({ leads: z.array(lead) }),
});

export const leadsCreated = z.object({
  _embedded: z.object({ leads: z.array(createdEntity).min(1) }),
});

// POST /leads/complex answers with a plain array, not HAL; request_id is an array there.
export const complexCreated = z
  .array(
    z.object({
      id: z.number(),
      contact_id: z.number().nullable(),
      request_id: z.array(z.string()).optional(),
      merged: z.boolean().optional(),
    }),
  )
  .min(1);
