// What Company 1 does with its orders, behind both the /v1 API and the admin API: create, change, close on
// its own in stage 1, and tell subscribers about every change.
import { isFinal } from '../../company1/order-status';
import type { Order, OrderChange } from '../../company1/schemas';
import type { Logger } from '../../logging/logger';
import { AutoCloser } from './auto-close';
import type { Faults } from './faults';
import type { Notifier } from './notifier';
import { servedOrder } from './order-corruption';
import { OrderHistory } from './order-history';
import { applyOrderChange, orderDiffers } from './order-patch';
import type { OrderDraft, OrderStore } from './order-store';
import type { SandboxStage } from './options';
import { notFound } from './problems';

export class SandboxState {
  private currentFaults: Faults = {};
  private readonly autoCloser = new AutoCloser((id) => this.closeByCompany1(id));
  readonly history = new OrderHistory();

  constructor(
    readonly store: OrderStore,
    readonly notifier: Notifier,
    private stage: SandboxStage,
    private autoCloseAfterMs: number,
    private readonly logger: Logger,
  ) {
    this.armAutoClose();
  }

  get settings(): { stage: SandboxStage; autoCloseAfterMs: number } {
    return { stage: this.stage, autoCloseAfterMs: this.autoCloseAfterMs };
  }

  get faults(): Faults {
    return this.currentFaults;
  }

  set faults(faults: Faults) {
    this.currentFaults = faults;
    this.notifier.dropRatio = faults.dropNotifications ?? 0;
  }

  /** The order as it goes out in /v1 answers and notifications (the corruptOrders fault may change it). */
  served(order: Order): unknown {
    return servedOrder(order, this.currentFaults.corruptOrders);
  }

  setStage(stage: SandboxStage, autoCloseAfterMs = this.autoCloseAfterMs): void {
    this.stage = stage;
    this.autoCloseAfterMs = autoCloseAfterMs;
    this.armAutoClose();
  }

  createOrder(draft: OrderDraft): Order {
    const order = this.store.create(draft);
    this.history.note('customer', 'created', undefined, order);
    if (this.stage === 1) this.autoCloser.schedule(order, this.autoCloseAfterMs);
    this.notifier.notify('order.created', order, this.served(order));
    return order;
  }

  /** Applies a partner's PATCH; throws a ProblemError (order untouched) if the contract refuses it. */
  changeOrder(orderId: string, change: OrderChange): Order {
    const order = this.store.get(orderId);
    if (!order) throw notFound(orderId);
    const next = applyOrderChange(order, change);
    if (!orderDiffers(order, next)) return order;
    const saved = this.store.replace(next);
    this.history.note('partner', 'changed', order, saved);
    if (isFinal(saved.status)) this.autoCloser.cancel(saved.id);
    this.notifier.notify('order.changed', saved, this.served(saved));
    return saved;
  }

  reset(): void {
    this.autoCloser.cancelAll();
    this.store.reset();
    this.history.clear();
    this.faults = {};
  }

  close(): void {
    this.autoCloser.cancelAll();
    this.notifier.close();
  }

  // Company 1's own stage-1 close: straight to executed from any non-final status, not a partner move.
  private closeByCompany1(orderId: string): void {
    const order = this.store.get(orderId);
    if (!order || isFinal(order.status)) return;
    const closed = this.store.replace({
      ...order,
      status: 'executed',
      additionalInfo: { ...order.additionalInfo, closedByDetmir: true },
    });
    this.history.note('company1', 'closed', order, closed);
    this.logger.info('order closed by Company 1 (stage 1 auto-close)', { orderId });
    this.notifier.notify('order.changed', closed, this.served(closed));
  }

  private armAutoClose(): void {
    this.autoCloser.cancelAll();
    if (this.stage !== 1) return;
    for (const order of this.store.all()) this.autoCloser.schedule(order, this.autoCloseAfterMs);
  }
}
