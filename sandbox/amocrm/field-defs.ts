// Custom field definitions of the seeded account (GET /api/v4/{entity}/custom_fields).
import type { EntityKind } from './models';
import { SEED_FIELD_IDS } from './seed';

export type FieldType = 'text' | 'textarea' | 'numeric' | 'multitext';

export interface FieldEnum {
  id: number;
  value: string;
  sort: number;
}

export interface FieldDef {
  id: number;
  name: string;
  code: string | null;
  type: FieldType;
  entity: EntityKind;
  sort: number;
  enums: FieldEnum[] | null;
}

const enumList = (firstId: number, codes: string[]): FieldEnum[] =>
  codes.map((value, i) => ({ id: firstId + i, value, sort: (i + 1) * 2 }));

export const PHONE_ENUMS = enumList(126290, ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER']);
export const EMAIL_ENUMS = enumList(126300, ['WORK', 'PRIV', 'OTHER']);

export const FIELD_DEFS: FieldDef[] = [
  { id: SEED_FIELD_IDS.phone, name: 'Phone', code: 'PHONE', type: 'multitext', entity: 'contacts', sort: 4, enums: PHONE_ENUMS },
  { id: SEED_FIELD_IDS.email, name: 'Email', code: 'EMAIL', type: 'multitext', entity: 'contacts', sort: 6, enums: EMAIL_ENUMS },
  { id: SEED_FIELD_IDS.detmirUserId, name: 'detmirUserId', code: null, type: 'text', entity: 'contacts', sort: 510, enums: null },
  { id: SEED_FIELD_IDS.detmirOrderId, name: 'detmirOrderId', code: null, type: 'text', entity: 'leads', sort: 510, enums: null },
  { id: SEED_FIELD_IDS.orderTotal, name: 'Order total', code: null, type: 'numeric', entity: 'leads', sort: 520, enums: null },
];

export function fieldsOf(entity: EntityKind): FieldDef[] {
  return FIELD_DEFS.filter((f) => f.entity === entity);
}

export function fieldById(entity: EntityKind, id: number): FieldDef | undefined {
  return FIELD_DEFS.find((f) => f.entity === entity && f.id === id);
}

export function fieldByCode(entity: EntityKind, code: string): FieldDef | undefined {
  return FIELD_DEFS.find((f) => f.entity === entity && f.code !== null && f.code === code.toUpperCase());
}
