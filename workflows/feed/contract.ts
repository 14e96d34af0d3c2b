import type { UnreadableOrder } from '../../company1/order-schemas';

/** Where the feed poller resumes. Kept durably in the schedule's action arguments. */
export interface FeedPollInput {
  cursor?: string;
  /** Without a cursor (first run, or a cursor Company 1 refused): how far back to look (ISO time). */
  changedSince?: string;
  /** The schedule whose action arguments carry the cursor forward. */
  scheduleId?: string;
}

export interface FeedPollResult {
  cursor?: string;
  /** Every item read, unreadable ones included. */
  ordersSeen: number;
  ordersHandedOver: number;
  /**
   * Items that do not match Company 1's contract (absent in results of releases before it was counted).
   * One with an order id had its order workflow started to read it and flag what is wrong; one without
   * is only here and in the worker's log.
   */
  itemsUnreadable?: number;
  /** The first unreadable items, with the fields at fault (see itemsUnreadable for the count). */
  unreadable?: UnreadableOrder[];
}
