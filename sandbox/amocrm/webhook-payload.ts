// Outgoing webhook bodies: amoCRM posts the legacy API v2 shape, form-urlencoded, every value
// a string (doc §7.2). Digital Pipeline hooks send only the ids (doc §7.3).
import { FIELD_DEFS } from './field-defs';
import type { LeadEvent } from './events';
import type { Store } from './store';

export type FormFields = [string, string][];

export interface AccountInfo {
  id: number;
  subdomain: string;
}

function accountBlock(account: AccountInfo, withLink: boolean): FormFields {
  const fields: FormFields = [['account[subdomain]', account.subdomain], ['account[id]', String(account.id)]];
  if (withLink) fields.push(['account[_links][self]', `https://${account.subdomain}.amocrm.ru`]);
  return fields;
}

export function leadWebhookFields(store: Store, account: AccountInfo, event: LeadEvent): FormFields {
  const { lead } = event;
  const p = `leads[${event.action}][0]`;
  const f: FormFields = [
    [`${p}[id]`, String(lead.id)],
    [`${p}[name]`, lead.name],
    [`${p}[status_id]`, String(lead.status_id)],
  ];
  if (event.oldStatusId !== undefined) f.push([`${p}[old_status_id]`, String(event.oldStatusId)]);
  f.push([`${p}[price]`, String(lead.price)], [`${p}[responsible_user_id]`, String(lead.responsible_user_id)]);
  f.push([`${p}[last_modified]`, String(lead.updated_at)], [`${p}[modified_user_id]`, String(lead.updated_by)]);
  f.push([`${p}[created_user_id]`, String(lead.created_by)], [`${p}[date_create]`, String(lead.created_at)]);
  f.push([`${p}[pipeline_id]`, String(lead.pipeline_id)]);
  if (event.oldPipelineId !== undefined) f.push([`${p}[old_pipeline_id]`, String(event.oldPipelineId)]);
  lead.tag_ids.forEach((id, i) => {
    f.push([`${p}[tags][${i}][id]`, String(id)], [`${p}[tags][${i}][name]`, store.tags.get(id)?.name ?? '']);
  });
  f.push([`${p}[account_id]`, String(account.id)]);
  lead.custom_fields.forEach((field, i) => {
    const def = FIELD_DEFS.find((d) => d.id === field.field_id);
    const c = `${p}[custom_fields][${i}]`;
    f.push([`${c}[id]`, String(field.field_id)], [`${c}[name]`, def?.name ?? '']);
    if (def?.code) f.push([`${c}[code]`, def.code]);
    field.values.forEach((v, j) => {
      f.push([`${c}[values][${j}][value]`, String(v.value)]);
      if (v.enum_id !== undefined) f.push([`${c}[values][${j}][enum]`, String(v.enum_id)]);
    });
  });
  f.push([`${p}[created_at]`, String(lead.created_at)], [`${p}[updated_at]`, String(lead.updated_at)]);
  return [...f, ...accountBlock(account, true)];
}

export function dpWebhookFields(account: AccountInfo, event: LeadEvent): FormFields {
  const p = 'leads[status][0]';
  return [
    [`${p}[id]`, String(event.lead.id)],
    [`${p}[status_id]`, String(event.lead.status_id)],
    [`${p}[pipeline_id]`, String(event.lead.pipeline_id)],
    [`${p}[old_status_id]`, String(event.oldStatusId ?? '')],
    [`${p}[old_pipeline_id]`, String(event.oldPipelineId ?? '')],
    ...accountBlock(account, false),
  ];
}
