// Planning lead creates and updates. A plan is validated against the current state and
// returns a commit function; routes commit only when the whole batch planned cleanly.
import { mergeFields, parseFieldWrites } from './custom-fields';
import type { LeadEvent } from './events';
import { closedAt, LeadInput, lossReason, resolveStage } from './lead-input';
import { type Lead, type LeadContactLink, nowSeconds } from './models';
import { firstStage, mainPipeline, pipelineById, statusIn } from './pipelines';
import { SEED_USER_ID } from './seed';
import type { Store } from './store';
import { matchesRef, parseTagRefs, resolveTagIds, uniqueIds } from './tags';
import { CHOICE, type Issues, parseOrReport } from './validation';

export type LeadCommit = () => { lead: Lead; events: LeadEvent[] };

function parseContactLinks(store: Store, raw: unknown, issues: Issues): LeadContactLink[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    issues.add('_embedded.contacts', 'InvalidType', 'This value should be of type array.');
    return [];
  }
  const links: LeadContactLink[] = [];
  raw.forEach((item: { id?: unknown; is_main?: unknown } | null, i) => {
    if (typeof item?.id !== 'number') issues.add(`_embedded.contacts.${i}.id`, 'InvalidType', 'This value should be of type int.');
    else if (!store.contacts.has(item.id)) issues.add(`_embedded.contacts.${i}.id`, CHOICE, 'Contact not found.');
    else links.push({ id: item.id, is_main: item.is_main === true });
  });
  if (links.length > 0 && !links.some((l) => l.is_main)) links[0]!.is_main = true;
  return links;
}

function parseCompanyIds(store: Store, raw: unknown, issues: Issues): number[] {
  if (!Array.isArray(raw)) return [];
  const ids: number[] = [];
  raw.forEach((item: { id?: unknown } | null, i) => {
    if (typeof item?.id === 'number' && store.companies.has(item.id)) ids.push(item.id);
    else issues.add(`_embedded.companies.${i}.id`, CHOICE, 'Company not found.');
  });
  return ids;
}

export function planLeadCreate(store: Store, raw: unknown, issues: Issues): LeadCommit | undefined {
  const input = parseOrReport(LeadInput, raw, issues);
  if (!input) return undefined;
  const main = mainPipeline();
  const stage = resolveStage(input, { pipeline: main, status: firstStage(main) }, issues);
  const fields = parseFieldWrites('leads', input.custom_fields_values, issues, 'custom_fields_values');
  const tags = [...parseTagRefs(store, input._embedded?.tags, issues, '_embedded.tags'), ...parseTagRefs(store, input.tags_to_add, issues, 'tags_to_add')];
  const contacts = parseContactLinks(store, input._embedded?.contacts, issues);
  const companyIds = parseCompanyIds(store, input._embedded?.companies, issues);
  const loss = stage ? lossReason(input, stage.status.id, null, issues) : null;
  if (!stage || issues.count > 0) return undefined;
  return () => {
    const now = nowSeconds();
    const statusId = stage.status.id;
    const lead: Lead = {
      id: store.nextId('leads'),
      name: input.name ?? '',
      price: input.price ?? 0,
      responsible_user_id: input.responsible_user_id ?? SEED_USER_ID,
      group_id: 0,
      status_id: statusId,
      pipeline_id: stage.pipeline.id,
      loss_reason_id: loss,
      created_by: input.created_by ?? SEED_USER_ID,
      updated_by: input.updated_by ?? input.created_by ?? SEED_USER_ID,
      created_at: input.created_at ?? now,
      updated_at: input.updated_at ?? now,
      closed_at: closedAt({ status_id: statusId }, undefined, now, input.closed_at),
      custom_fields: mergeFields([], fields),
      tag_ids: uniqueIds(resolveTagIds(store, tags)),
      contacts,
      company_ids: companyIds,
    };
    store.leads.set(lead.id, lead);
    return { lead, events: [{ action: 'add', lead }] };
  };
}

/** `pathId` is the id from /leads/{id}; batch items carry their own `id`. */
export function planLeadUpdate(store: Store, raw: unknown, issues: Issues, pathId?: number): LeadCommit | undefined {
  const input = parseOrReport(LeadInput, raw, issues);
  if (!input) return undefined;
  const id = pathId ?? input.id;
  if (id === undefined) return void issues.add('id', 'NotBlank', 'This value should not be blank.');
  const prev = store.leads.get(id);
  if (!prev) return void issues.add('id', 'NotFound', 'Entity not found.');
  const pipeline = pipelineById(prev.pipeline_id)!;
  const stage = resolveStage(input, { pipeline, status: statusIn(pipeline, prev.status_id)! }, issues);
  const fields = parseFieldWrites('leads', input.custom_fields_values, issues, 'custom_fields_values');
  const replaceTags = input._embedded?.tags === undefined ? undefined : parseTagRefs(store, input._embedded.tags, issues, '_embedded.tags');
  const addTags = parseTagRefs(store, input.tags_to_add, issues, 'tags_to_add');
  const deleteTags = parseTagRefs(store, input.tags_to_delete, issues, 'tags_to_delete');
  const loss = stage ? lossReason(input, stage.status.id, prev.loss_reason_id, issues) : null;
  if (!stage || issues.count > 0) return undefined;
  return () => {
    const now = nowSeconds();
    // UNCONFIRMED (doc §5.3): we treat `_embedded.tags` on PATCH as the full new tag set.
    const base = replaceTags ? resolveTagIds(store, replaceTags) : prev.tag_ids;
    const tagIds = uniqueIds([...base, ...resolveTagIds(store, addTags)]).filter((t) => !deleteTags.some((ref) => matchesRef(store, t, ref)));
    const lead: Lead = {
      ...prev,
      name: input.name ?? prev.name,
      price: input.price ?? prev.price,
      responsible_user_id: input.responsible_user_id ?? prev.responsible_user_id,
      status_id: stage.status.id,
      pipeline_id: stage.pipeline.id,
      loss_reason_id: loss,
      updated_by: input.updated_by ?? SEED_USER_ID,
      updated_at: input.updated_at ?? Math.max(now, prev.updated_at),
      closed_at: closedAt({ status_id: stage.status.id }, prev, now, input.closed_at),
      custom_fields: mergeFields(prev.custom_fields, fields),
      tag_ids: tagIds,
    };
    store.leads.set(lead.id, lead);
    const events: LeadEvent[] = [{ action: 'update', lead }];
    if (lead.status_id !== prev.status_id || lead.pipeline_id !== prev.pipeline_id) {
      events.push({ action: 'status', lead, oldStatusId: prev.status_id, oldPipelineId: prev.pipeline_id });
    }
    return { lead, events };
  };
}
