// In-memory entity shapes. They hold what amoCRM stores, not what it renders:
// rendering (HAL links, embedded lists, field names) lives in render.ts.
export type FieldValue = string | number | boolean;

export interface StoredValue {
  value: FieldValue;
  enum_id?: number;
  enum_code?: string;
}

export interface StoredField {
  field_id: number;
  values: StoredValue[];
}

export interface Tag {
  id: number;
  name: string;
  color: string | null;
}

export interface EntityBase {
  id: number;
  name: string;
  responsible_user_id: number;
  group_id: number;
  created_by: number;
  updated_by: number;
  created_at: number;
  updated_at: number;
  custom_fields: StoredField[];
  tag_ids: number[];
}

export interface Contact extends EntityBase {
  first_name: string;
  last_name: string;
  company_ids: number[];
}

export interface Company extends EntityBase {
  contact_ids: number[];
}

export interface LeadContactLink {
  id: number;
  is_main: boolean;
}

export interface Lead extends EntityBase {
  price: number;
  status_id: number;
  pipeline_id: number;
  loss_reason_id: number | null;
  closed_at: number | null;
  contacts: LeadContactLink[];
  company_ids: number[];
}

/** A note in an entity's feed (only `common` text notes are emulated). */
export interface Note {
  id: number;
  entity_id: number;
  entity_type: 'leads';
  note_type: 'common';
  params: { text: string };
  created_at: number;
  updated_at: number;
  account_id: number;
}

export type EntityKind = 'contacts' | 'leads' | 'companies';

export const WON_STATUS_ID = 142;
export const LOST_STATUS_ID = 143;

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
