import { type CustomFieldValue } from './schemas/common';

// Reading and writing the few custom fields this integration owns.
export function textValues(fields: CustomFieldValue[] | null | undefined, fieldId: number): string[] {
  const field = fields?.find((f) => f.field_id === fieldId);
  return (field?.values ?? []).flatMap((v) => (v.value === undefined || v.value === null ? [] : [String(v.value)]));
}

export function phoneValues(fields: CustomFieldValue[] | null | undefined): string[] {
  const field = fields?.find((f) => f.field_code === 'PHONE');
  return (field?.values ?? []).flatMap((v) => (typeof v.value === 'string' ? [v.value] : []));
}

export function textField(fieldId: number, value: string) {
  return { field_id: fieldId, values: [{ value }] };
}

// MOB, not MOBILE: amoCRM's enum code for a mobile number.
export function mobilePhoneField(phone: string) {
  return { field_code: 'PHONE', values: [{ value: phone, enum_code: 'MOB' }] };
}
