// Stage 1: Company 1 itself closes each order as executed a fixed time after its creation. One timer per
// order, computed from createdAt, so orders reloaded from a file (or overdue ones) close at the right time.
import { isFinal } from '../../company1/order-status';
import type { Order } from '../../company1/schemas';

// setTimeout overflows above ~24.8 days; longer delays re-arm.
const MAX_TIMER_MS = 2 ** 31 - 1;

export class AutoCloser {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly closeOrder: (orderId: string) => void) {}

  schedule(order: Order, afterMs: number): void {
    if (isFinal(order.status)) return;
    this.cancel(order.id);
    const dueAt = Date.parse(order.createdAt) + afterMs;
    const arm = (): void => {
      const wait = dueAt - Date.now();
      const timer = setTimeout(() => {
        if (Date.now() < dueAt) return arm();
        this.timers.delete(order.id);
        this.closeOrder(order.id);
      }, Math.max(0, Math.min(wait, MAX_TIMER_MS)));
      this.timers.set(order.id, timer);
    };
    arm();
  }

  cancel(orderId: string): void {
    clearTimeout(this.timers.get(orderId));
    this.timers.delete(orderId);
  }

  cancelAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
