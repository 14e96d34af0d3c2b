import { phoneValues, textValues } from './custom-fields';
import { type ContactBody } from './schemas/contacts';
import { type LeadBody } from './schemas/leads';

// What the rest of the integration sees of amoCRM entities: camelCase, our custom fields parsed.
export interface AmoContact {
  id: number;
  name: string;
  firstName: string;
  lastName: string;
  phones: string[];
  detmirUserId: string | null;
  updatedAt: number;
}

export interface AmoDeal {
  id: number;
  name: string;
  price: number;
  pipelineId: number;
  statusId: number;
  /** Unix seconds; set when the deal reaches 142 (won) or 143 (lost). */
  closedAt: number | null;
  createdAt: number;
  updatedAt: number;
  detmirOrderId: string | null;
  /** Every custom field's values as text, by field id. */
  fieldValues: Record<string, string[]>;
  mainContactId: number | null;
  contactIds: number[];
  tagIds: number[];
}

export interface AmoWebhook {
  id: number;
  destination: string;
  settings: string[];
  disabled: boolean;
}

export interface CustomFieldIds {
  detmirUserId: number;
  detmirOrderId: number;
}

export function toContact(body: ContactBody, fields: CustomFieldIds): AmoContact {
  return {
    id: body.id,
    name: body.name ?? '',
    firstName: body.first_name ?? '',
    lastName: body.last_name ?? '',
    phones: phoneValues(body.custom_fields_values),
    detmirUserId: textValues(body.custom_fields_values, fields.detmirUserId)[0] ?? null,
    updatedAt: body.updated_at,
  };
}

export function toDeal(body: LeadBody, fields: CustomFieldIds): AmoDeal {
  const contacts = body._embedded?.contacts ?? [];
  return {
    id: body.id,
    name: body.name,
    price: body.price ?? 0,
    pipelineId: body.pipeline_id,
    statusId: body.status_id,
    closedAt: body.closed_at ?? null,
    createdAt: body.created_at,
    updatedAt: body.updated_at,
    detmirOrderId: textValues(body.custom_fields_values, fields.detmirOrderId)[0] ?? null,
    fieldValues: Object.fromEntries((body.custom_fields_values ?? []).map((f) => [String(f.field_id), textValues(body.custom_fields_values, f.field_id)])),
    mainContactId: (contacts.find((c) => c.is_main) ?? contacts[0])?.id ?? null,
    contactIds: contacts.map((c) => c.id),
    tagIds: (body._embedded?.tags ?? []).map((t) => t.id),
  };
}
