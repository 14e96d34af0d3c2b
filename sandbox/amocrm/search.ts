// `query` search. The real matching rules are UNCONFIRMED (doc §3.7); we use the documented
// recommendation: a case-insensitive substring over the name and every custom-field value.
// That makes it deliberately fuzzy ("123" finds "91234", a phone query can hit a text field),
// so clients have to post-filter by field_id like they must against real amoCRM.
import type { EntityBase } from './models';

export function matchesQuery(entity: EntityBase & { first_name?: string; last_name?: string }, query: string): boolean {
  const needle = query.toLowerCase();
  const haystack = [entity.name, entity.first_name ?? '', entity.last_name ?? ''];
  for (const field of entity.custom_fields) for (const v of field.values) haystack.push(String(v.value));
  return haystack.some((text) => text.toLowerCase().includes(needle));
}
