// Tag references on writes: `{id}` must exist, `{name}` finds or creates the tag at commit.
import type { Store } from './store';
import { CHOICE, CHOICE_DETAIL, type Issues } from './validation';

export type TagRef = { id: number } | { name: string };

export function parseTagRefs(store: Store, raw: unknown, issues: Issues, at: string): TagRef[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    issues.add(at, 'InvalidType', 'This value should be of type array.');
    return [];
  }
  const refs: TagRef[] = [];
  raw.forEach((item: unknown, i) => {
    const ref = item as { id?: unknown; name?: unknown } | null;
    if (ref && typeof ref.id === 'number') {
      if (store.tags.has(ref.id)) refs.push({ id: ref.id });
      else issues.add(`${at}.${i}.id`, CHOICE, CHOICE_DETAIL);
    } else if (ref && typeof ref.name === 'string' && ref.name.trim() !== '') {
      refs.push({ name: ref.name });
    } else {
      issues.add(`${at}.${i}`, 'InvalidValue', 'A tag needs an integer id or a non-empty name.');
    }
  });
  return refs;
}

/** Commit-time only: creates tags named by `{name}` refs. */
export function resolveTagIds(store: Store, refs: TagRef[]): number[] {
  return refs.map((ref) => ('id' in ref ? ref.id : store.ensureTag(ref.name).id));
}

export function matchesRef(store: Store, tagId: number, ref: TagRef): boolean {
  if ('id' in ref) return ref.id === tagId;
  return store.tags.get(tagId)?.name.toLowerCase() === ref.name.trim().toLowerCase();
}

export function uniqueIds(ids: number[]): number[] {
  return [...new Set(ids)];
}
