/** Where the feed poller resumes. Kept durably in the schedule's action arguments. */
export interface FeedPollInput {
  cursor?: string;
  /** First run only: how far back to look (ISO time). */
  changedSince?: string;
  /** The schedule whose action arguments carry the cursor forward. */
  scheduleId?: string;
}

export interface FeedPollResult {
  cursor?: string;
  ordersSeen: number;
  ordersHandedOver: number;
}
