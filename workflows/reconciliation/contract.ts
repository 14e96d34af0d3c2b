export interface ReconciliationResult {
  /** Open stage-2 orders with a deal. */
  orders: number;
  /** amoCRM requests the reads took (one per 250 deals). */
  requests: number;
  /** Orders whose workflow had missed a move, signalled with the deal as it is now. */
  signalled: number;
  /** Deals amoCRM no longer has. */
  missingDeals: number;
  /** Orders a signal could not reach this time (logged; the next run tries again). */
  failed?: number;
}
