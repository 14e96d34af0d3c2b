// Company 1's order statuses and the moves a partner may make between them: the single copy of this fact.
// Plain data and pure functions only, so workflow code can import it (no Node built-ins, no I/O).
// docs/company1-api.yaml carries the same table as `x-transitions`; test/company1/contract.test.ts keeps them equal.

export const ORDER_STATUSES = ['on_approval', 'approved', 'in_work', 'executed', 'rejected'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** How Company 1 shows each status to its customers. */
export const ORDER_STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  on_approval: 'In processing',
  approved: 'Approved',
  in_work: 'In work',
  executed: 'Executed',
  rejected: 'Rejected',
};

/**
 * Moves a partner may request with PATCH /v1/orders/{id}. Company 1 itself may also close any non-final
 * order as `executed` (its stage-1 auto-close); that is not a partner move and is not listed here.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  on_approval: ['approved', 'rejected'],
  approved: ['in_work', 'rejected'],
  in_work: ['executed', 'rejected'],
  executed: [],
  rejected: [],
};

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && (ORDER_STATUSES as readonly string[]).includes(value);
}

export function isFinal(status: OrderStatus): boolean {
  return ORDER_TRANSITIONS[status].length === 0;
}

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

/**
 * The statuses to pass through, in order, to get from `from` to `to` (excluding `from`, including `to`):
 * on_approval → in_work gives [approved, in_work], so a deal that jumped stages walks every skipped status.
 * Returns [] when already there and null when `to` cannot be reached (e.g. out of a final status).
 */
export function pathBetween(from: OrderStatus, to: OrderStatus): OrderStatus[] | null {
  if (from === to) return [];
  // Breadth-first search gives the shortest walk; the graph is tiny and acyclic.
  const previous = new Map<OrderStatus, OrderStatus>();
  const queue: OrderStatus[] = [from];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    for (const next of ORDER_TRANSITIONS[current]) {
      if (next === from || previous.has(next)) continue;
      previous.set(next, current);
      if (next === to) return unwind(previous, from, to);
      queue.push(next);
    }
  }
  return null;
}

function unwind(previous: Map<OrderStatus, OrderStatus>, from: OrderStatus, to: OrderStatus): OrderStatus[] {
  const steps: OrderStatus[] = [];
  for (let s: OrderStatus | undefined = to; s !== undefined && s !== from; s = previous.get(s)) steps.unshift(s);
  return steps;
}
