import * as z from 'zod';
import { createdEntity, customFieldsValues, links } from './common';

export const contact = z.object({
  id: z.number(),
  name: z.string().nullable().optional(),
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  updated_at: z.number(),
  custom_fields_values: customFieldsValues,
});
export type ContactBody = z.infer<typeof contact>;

export const contactsPage = z.object({
  _links: links.optional(),
  _embedded: z.object({ contacts: z.array(contact) }),
});

export const contactsCreated = z.object({
  _embedded: z.object({ contacts: z.array(createdEntity).min(1) }),
});
