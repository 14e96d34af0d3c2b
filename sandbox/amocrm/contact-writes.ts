// Planning contact creates and updates (same plan-then-commit pattern as lead-writes.ts).
import * as z from 'zod';
import { mergeFields, parseFieldWrites } from './custom-fields';
import { type Contact, nowSeconds } from './models';
import { SEED_USER_ID } from './seed';
import type { Store } from './store';
import { matchesRef, parseTagRefs, resolveTagIds, uniqueIds } from './tags';
import { type Issues, parseOrReport } from './validation';

const int = z.number().int();

export const ContactInput = z.object({
  id: int.positive().optional(),
  name: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  responsible_user_id: int.optional(),
  created_by: int.optional(),
  updated_by: int.optional(),
  created_at: int.min(0).optional(),
  updated_at: int.min(0).optional(),
  request_id: z.union([z.string(), z.number()]).optional(),
  custom_fields_values: z.unknown().optional(),
  tags_to_add: z.unknown().optional(),
  tags_to_delete: z.unknown().optional(),
  _embedded: z.object({ tags: z.unknown().optional() }).optional(),
});

export type ContactCommit = () => Contact;

const fullName = (first: string, last: string) => [first, last].filter(Boolean).join(' ');

export function planContactCreate(store: Store, raw: unknown, issues: Issues, prefix = ''): ContactCommit | undefined {
  const input = parseOrReport(ContactInput, raw, issues, prefix);
  if (!input) return undefined;
  const at = (path: string) => (prefix ? `${prefix}.${path}` : path);
  const fields = parseFieldWrites('contacts', input.custom_fields_values, issues, at('custom_fields_values'));
  const tags = [...parseTagRefs(store, input._embedded?.tags, issues, at('_embedded.tags')), ...parseTagRefs(store, input.tags_to_add, issues, at('tags_to_add'))];
  if (issues.count > 0) return undefined;
  return () => {
    const now = nowSeconds();
    const first = input.first_name ?? '';
    const last = input.last_name ?? '';
    const contact: Contact = {
      id: store.nextId('contacts'),
      name: input.name ?? fullName(first, last),
      first_name: first,
      last_name: last,
      responsible_user_id: input.responsible_user_id ?? SEED_USER_ID,
      group_id: 0,
      created_by: input.created_by ?? SEED_USER_ID,
      updated_by: input.updated_by ?? input.created_by ?? SEED_USER_ID,
      created_at: input.created_at ?? now,
      updated_at: input.updated_at ?? now,
      custom_fields: mergeFields([], fields),
      tag_ids: uniqueIds(resolveTagIds(store, tags)),
      company_ids: [],
    };
    store.contacts.set(contact.id, contact);
    return contact;
  };
}

export function planContactUpdate(store: Store, raw: unknown, issues: Issues, pathId?: number): ContactCommit | undefined {
  const input = parseOrReport(ContactInput, raw, issues);
  if (!input) return undefined;
  const id = pathId ?? input.id;
  if (id === undefined) return void issues.add('id', 'NotBlank', 'This value should not be blank.');
  const prev = store.contacts.get(id);
  if (!prev) return void issues.add('id', 'NotFound', 'Entity not found.');
  const fields = parseFieldWrites('contacts', input.custom_fields_values, issues, 'custom_fields_values');
  const replaceTags = input._embedded?.tags === undefined ? undefined : parseTagRefs(store, input._embedded.tags, issues, '_embedded.tags');
  const addTags = parseTagRefs(store, input.tags_to_add, issues, 'tags_to_add');
  const deleteTags = parseTagRefs(store, input.tags_to_delete, issues, 'tags_to_delete');
  if (issues.count > 0) return undefined;
  return () => {
    const first = input.first_name ?? prev.first_name;
    const last = input.last_name ?? prev.last_name;
    const renamed = input.first_name !== undefined || input.last_name !== undefined;
    const base = replaceTags ? resolveTagIds(store, replaceTags) : prev.tag_ids;
    const contact: Contact = {
      ...prev,
      first_name: first,
      last_name: last,
      name: input.name ?? (renamed ? fullName(first, last) : prev.name),
      responsible_user_id: input.responsible_user_id ?? prev.responsible_user_id,
      updated_by: input.updated_by ?? SEED_USER_ID,
      updated_at: input.updated_at ?? Math.max(nowSeconds(), prev.updated_at),
      custom_fields: mergeFields(prev.custom_fields, fields),
      tag_ids: uniqueIds([...base, ...resolveTagIds(store, addTags)]).filter((t) => !deleteTags.some((ref) => matchesRef(store, t, ref))),
    };
    store.contacts.set(contact.id, contact);
    return contact;
  };
}
