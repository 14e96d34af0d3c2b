// The rules of PATCH /v1/orders/{id}, as a pure function of the order and the change. All checks run before
// anything is applied, so a refused change leaves the order exactly as it was.
import { canMove, isFinal } from '../../company1/order-status';
import { PROBLEM_TYPES, type Order, type OrderChange } from '../../company1/schemas';
import { canonicalJson } from './canonical-json';
import { invalidField, problem } from './problems';

const FINAL_LOCKED_FIELDS = ['cost', 'paid', 'subscription'] as const;

/** Returns the order as it would be after the change (updatedAt untouched), or throws a ProblemError. */
export function applyOrderChange(order: Order, change: OrderChange): Order {
  const move = change.status;
  if (move && move.from !== order.status) {
    throw problem(
      409,
      PROBLEM_TYPES.staleStatus,
      'Order is not in the expected status',
      `Expected status ${move.from}, but the order is ${order.status}`,
      [{ field: 'status.from', message: `The order is ${order.status}` }],
      { currentStatus: order.status },
    );
  }
  if (move && !canMove(move.from, move.to)) {
    throw invalidField(422, PROBLEM_TYPES.invalidTransition, 'Status move not allowed', 'status.to', `Cannot move from ${move.from} to ${move.to}`);
  }
  if (isFinal(order.status)) {
    const locked = FINAL_LOCKED_FIELDS.filter((f) => change[f] !== undefined);
    if (locked.length > 0) {
      const errors = locked.map((field) => ({ field, message: `The order is ${order.status}; only additionalInfo may change` }));
      throw problem(422, PROBLEM_TYPES.finalOrder, 'Order is final', `Order ${order.id} is ${order.status}`, errors);
    }
  }
  return {
    ...order,
    status: move?.to ?? order.status,
    cost: change.cost ?? order.cost,
    paid: change.paid ?? order.paid,
    subscription: change.subscription === undefined ? order.subscription : change.subscription,
    // Merged key by key: other systems keep their own keys here.
    additionalInfo: { ...order.additionalInfo, ...change.additionalInfo },
  };
}

/**
 * True when the change altered anything a reader could see (so it earns a new updatedAt and a notification).
 * Key order is not something a reader sees: the same nested additionalInfo re-sent in another order is no change.
 */
export function orderDiffers(before: Order, after: Order): boolean {
  return canonicalJson({ ...before, updatedAt: '' }) !== canonicalJson({ ...after, updatedAt: '' });
}
