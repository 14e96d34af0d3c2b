// The sandbox's orders, in memory, optionally mirrored to a file. Hands out copies so nothing outside can
// change an order without going through here (and getting a new updatedAt).
import { randomBytes } from 'node:crypto';
import type { Customer, Order, Service } from '../../company1/schemas';
import { FIRST_ORDER_ID } from './options';
import { loadSnapshot, saveSnapshot, type StoreSnapshot } from './persistence';

export interface OrderDraft {
  userId: string;
  customer: Customer;
  service: Service;
  cost?: number | null;
  additionalInfo?: Order['additionalInfo'];
}

interface IdempotencyRecord {
  fingerprint: string;
  orderId: string;
}

export class OrderStore {
  private orders = new Map<string, Order>();
  private idempotency = new Map<string, IdempotencyRecord>();
  private nextId: number;
  private lastStampMs = 0;
  /** Signs the feed's cursors; kept with the orders so cursors outlive a restart (and a reset). */
  readonly cursorKey: string;

  constructor(
    private readonly persistFile?: string,
    private readonly firstId = FIRST_ORDER_ID,
  ) {
    this.nextId = firstId;
    const snapshot = persistFile ? loadSnapshot(persistFile) : undefined;
    this.cursorKey = snapshot?.cursorKey ?? randomBytes(32).toString('base64url');
    if (snapshot) this.load(snapshot);
    // A new key is saved at once: a cursor may be issued before the first change would save it.
    if (!snapshot?.cursorKey) this.save();
  }

  private load(snapshot: StoreSnapshot): void {
    this.nextId = snapshot.nextId;
    for (const order of snapshot.orders) {
      this.orders.set(order.id, order);
      this.lastStampMs = Math.max(this.lastStampMs, Date.parse(order.updatedAt));
    }
    for (const r of snapshot.idempotency) this.idempotency.set(r.key, { fingerprint: r.fingerprint, orderId: r.orderId });
  }

  /** Strictly increasing across all changes, even within one millisecond: the feed's ordering relies on it. */
  private stamp(): string {
    this.lastStampMs = Math.max(Date.now(), this.lastStampMs + 1);
    return new Date(this.lastStampMs).toISOString();
  }

  create(draft: OrderDraft): Order {
    const now = this.stamp();
    const order: Order = {
      id: String(this.nextId++),
      userId: draft.userId,
      customer: { ...draft.customer },
      service: { ...draft.service },
      status: 'on_approval',
      cost: draft.cost ?? null,
      paid: false,
      subscription: null,
      additionalInfo: { ...draft.additionalInfo },
      createdAt: now,
      updatedAt: now,
    };
    this.orders.set(order.id, order);
    this.save();
    return structuredClone(order);
  }

  get(id: string): Order | undefined {
    const order = this.orders.get(id);
    return order && structuredClone(order);
  }

  all(): Order[] {
    return [...this.orders.values()].map((o) => structuredClone(o));
  }

  /** Stores `next` as the order's new state with a fresh updatedAt. */
  replace(next: Order): Order {
    const order = { ...structuredClone(next), updatedAt: this.stamp() };
    this.orders.set(order.id, order);
    this.save();
    return structuredClone(order);
  }

  findIdempotent(key: string): IdempotencyRecord | undefined {
    return this.idempotency.get(key);
  }

  rememberIdempotent(key: string, fingerprint: string, orderId: string): void {
    this.idempotency.set(key, { fingerprint, orderId });
    this.save();
  }

  reset(): void {
    this.orders.clear();
    this.idempotency.clear();
    this.nextId = this.firstId;
    this.save();
  }

  private save(): void {
    if (!this.persistFile) return;
    const snapshot: StoreSnapshot = {
      version: 1,
      nextId: this.nextId,
      orders: [...this.orders.values()],
      idempotency: [...this.idempotency].map(([key, r]) => ({ key, ...r })),
      cursorKey: this.cursorKey,
    };
    saveSnapshot(this.persistFile, snapshot);
  }
}
