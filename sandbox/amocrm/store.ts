// All mutable account data, in memory. Routes never mutate entities in place: they build a
// new object and put() it, so a batch that fails validation has touched nothing.
import type { Company, Contact, Lead, Note, Tag } from './models';
import { FIRST_IDS, SEED_TAGS } from './seed';

type IdKind = keyof typeof FIRST_IDS;

export class Store {
  readonly contacts = new Map<number, Contact>();
  readonly leads = new Map<number, Lead>();
  readonly companies = new Map<number, Company>();
  readonly tags = new Map<number, Tag>();
  readonly notes = new Map<number, Note>();
  private next: Record<IdKind, number> = { ...FIRST_IDS };

  constructor() {
    this.reset();
  }

  reset(): void {
    this.contacts.clear();
    this.leads.clear();
    this.companies.clear();
    this.tags.clear();
    this.notes.clear();
    for (const tag of SEED_TAGS) this.tags.set(tag.id, { ...tag });
    this.next = { ...FIRST_IDS };
  }

  nextId(kind: IdKind): number {
    const id = this.next[kind];
    this.next[kind] = id + 1;
    return id;
  }

  tagByName(name: string): Tag | undefined {
    const wanted = name.trim().toLowerCase();
    return [...this.tags.values()].find((t) => t.name.toLowerCase() === wanted);
  }

  /** Returns the tag with this name, creating it (as amoCRM does for `{name}` tag refs). */
  ensureTag(name: string): Tag {
    const existing = this.tagByName(name);
    if (existing) return existing;
    const tag: Tag = { id: this.nextId('tags'), name: name.trim(), color: null };
    this.tags.set(tag.id, tag);
    return tag;
  }

  leadsOfContact(contactId: number): Lead[] {
    return [...this.leads.values()].filter((l) => l.contacts.some((c) => c.id === contactId));
  }
}
