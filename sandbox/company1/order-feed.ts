// GET /v1/orders: every order ordered by (updatedAt, id) ascending, read from an opaque cursor.
// Any change gives an order an updatedAt later than every earlier change (see order-store.ts), so an order
// changed while a poller pages sorts after the poller's cursor and shows up on a later page: never missed.
import type { Order, OrderFeedPage, OrderStatus } from '../../company1/schemas';

interface FeedPosition {
  updatedAtMs: number;
  id: string;
}

export interface FeedRequest {
  statuses?: OrderStatus[];
  changedSince?: string;
  cursor?: FeedPosition;
  limit: number;
}

export function encodeCursor(order: Order): string {
  return Buffer.from(JSON.stringify([Date.parse(order.updatedAt), order.id])).toString('base64url');
}

export function decodeCursor(cursor: string): FeedPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string') {
      return { updatedAtMs: value[0] as number, id: value[1] };
    }
  } catch {
    // fall through: not one of ours
  }
  return undefined;
}

function compare(a: FeedPosition, b: FeedPosition): number {
  if (a.updatedAtMs !== b.updatedAtMs) return a.updatedAtMs - b.updatedAtMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const positionOf = (o: Order): FeedPosition => ({ updatedAtMs: Date.parse(o.updatedAt), id: o.id });

export function readFeed(orders: Iterable<Order>, req: FeedRequest, givenCursor?: string): OrderFeedPage {
  const sinceMs = req.changedSince === undefined ? undefined : Date.parse(req.changedSince);
  const matching = [...orders]
    .filter((o) => !req.statuses || req.statuses.includes(o.status))
    .filter((o) => sinceMs === undefined || Date.parse(o.updatedAt) >= sinceMs)
    .filter((o) => !req.cursor || compare(positionOf(o), req.cursor) > 0)
    .sort((a, b) => compare(positionOf(a), positionOf(b)));
  const items = matching.slice(0, req.limit);
  const last = items.at(-1);
  // The cursor always points after what the caller has seen, even on the last page, so a poller can keep it.
  return { items, nextCursor: last ? encodeCursor(last) : (givenCursor ?? null) };
}
