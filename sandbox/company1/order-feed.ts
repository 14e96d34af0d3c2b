// GET /v1/orders: every order ordered by (updatedAt, id) ascending, read from an opaque cursor.
// Any change gives an order an updatedAt later than every earlier change (see order-store.ts), so an order
// changed while a poller pages sorts after the poller's cursor and shows up on a later page: never missed.
import { dateTimeMs } from '../../company1/date-time';
import type { Order, OrderFeedPage, OrderStatus } from '../../company1/schemas';
import type { FeedCursors, FeedPosition } from './feed-cursor';

export interface FeedRequest {
  statuses?: OrderStatus[];
  changedSince?: string;
  cursor?: FeedPosition;
  limit: number;
}

function compare(a: FeedPosition, b: FeedPosition): number {
  if (a.updatedAtMs !== b.updatedAtMs) return a.updatedAtMs - b.updatedAtMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const positionOf = (o: Order): FeedPosition => ({ updatedAtMs: Date.parse(o.updatedAt), id: o.id });

export function readFeed(orders: Iterable<Order>, req: FeedRequest, cursors: FeedCursors, givenCursor?: string): OrderFeedPage {
  // Any RFC 3339 value (a leap second, an offset, lower-case t/z), not only the sandbox's own toISOString() form.
  const sinceMs = req.changedSince === undefined ? undefined : dateTimeMs(req.changedSince);
  const matching = [...orders]
    .filter((o) => !req.statuses || req.statuses.includes(o.status))
    .filter((o) => sinceMs === undefined || Date.parse(o.updatedAt) >= sinceMs)
    .filter((o) => !req.cursor || compare(positionOf(o), req.cursor) > 0)
    .sort((a, b) => compare(positionOf(a), positionOf(b)));
  const items = matching.slice(0, req.limit);
  const last = items.at(-1);
  // The cursor always points after what the caller has seen, even on the last page, so a poller can keep it.
  return { items, nextCursor: last ? cursors.issue(positionOf(last)) : (givenCursor ?? null) };
}
