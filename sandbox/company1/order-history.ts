// Each order's change history, for GET /__sandbox/orders/{id}/history: who changed what, when. The /v1 API
// has no such thing; operators of the sandbox (and tests) read it to see what the integration did to an
// order. Kept in memory: a restarted sandbox starts its orders' histories afresh.
import type { Order } from '../../company1/schemas';

export type ChangedBy = 'customer' | 'partner' | 'company1';

export interface OrderHistoryEntry {
  at: string;
  by: ChangedBy;
  event: 'created' | 'changed' | 'closed';
  /** Fields whose value changed (additionalInfo key by key), before and after. */
  changes: Record<string, { from: unknown; to: unknown }>;
}

const TRACKED = ['status', 'cost', 'paid', 'subscription'] as const;
const LIMIT_PER_ORDER = 200;

function differences(before: Order | undefined, after: Order): OrderHistoryEntry['changes'] {
  const changes: OrderHistoryEntry['changes'] = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const field of TRACKED) {
    if (!before || !same(before[field], after[field])) changes[field] = { from: before?.[field] ?? null, to: after[field] };
  }
  const keys = new Set([...Object.keys(before?.additionalInfo ?? {}), ...Object.keys(after.additionalInfo)]);
  for (const key of keys) {
    const from = before?.additionalInfo[key];
    const to = after.additionalInfo[key];
    if (!same(from, to)) changes[`additionalInfo.${key}`] = { from: from ?? null, to: to ?? null };
  }
  return changes;
}

export class OrderHistory {
  private readonly entries = new Map<string, OrderHistoryEntry[]>();

  note(by: ChangedBy, event: OrderHistoryEntry['event'], before: Order | undefined, after: Order): void {
    const list = this.entries.get(after.id) ?? [];
    list.push({ at: after.updatedAt, by, event, changes: differences(before, after) });
    if (list.length > LIMIT_PER_ORDER) list.shift();
    this.entries.set(after.id, list);
  }

  of(orderId: string): OrderHistoryEntry[] {
    return [...(this.entries.get(orderId) ?? [])];
  }

  clear(): void {
    this.entries.clear();
  }
}
