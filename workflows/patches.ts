// Every patched() id, with when and why (docs/versioning.md). A patch's old branch stays until
// no open run can hold a history written without it; then deprecatePatch(), then removal.
export const PATCHES = {
  /** 2026-11: a flagged order rechecking Company 1's close keeps its flag (no clear-and-set per check). */
  closeWaitKeepsFlag: 'close-wait-keeps-flag',
  /** 2026-11: a long wait continues as new, carrying the order's state, when Temporal suggests it. */
  orderContinuesAsNew: 'order-continues-as-new',
  /** 2026-11: a failure that needs a fix in data or configuration waits for an operator's retry, with no timer. */
  fixWaitsForOperator: 'fix-waits-for-operator',
  /** 2026-11: a failed order's NeedsAttention flag is committed before the workflow fails. */
  failedOrderStaysFlagged: 'failed-order-stays-flagged',
  /** 2026-11: a contact amoCRM no longer knows is dropped by the entity and found or created again. */
  staleContactDropped: 'stale-contact-dropped',
} as const;
