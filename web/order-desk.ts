// What the webview does with orders: books them in Company 1 (and starts their workflow at once), lists a
// customer's orders, reads one for its timeline, and passes a cancel to its workflow. Every read of an order
// checks it is the customer's own: another customer's order is "not found", never "forbidden".
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import { Company1Error } from '../company1/errors';
import type { Company1Client } from '../company1/client';
import type { Order } from '../company1/schemas';
import { startOrderWorkflow, type OrderStartSettings } from '../client/order-start';
import type { ServiceCatalog } from '../config/services';
import { orderWorkflowId } from '../workflows/ids';
import { customerCancelSignal, type OrderState, stateQuery } from '../workflows/order/contract';
import type { Customer } from './sign-in';

export type BookableService = ServiceCatalog[number] & { price: number };

export interface OrderSummary {
  orderId: string;
  serviceName: string;
  status?: string;
  startedAt: Date;
}

export interface OrderView {
  order: Order;
  /** The workflow's state; undefined when it cannot be read right now (the timeline shows Company 1's side). */
  state?: OrderState;
}

export class NotYours extends Error {}

/** Temporal reads of a page share this deadline: a page never hangs on a slow server or a worker that is down. */
const TEMPORAL_DEADLINE_MS = 2_000;
const LIST_LIMIT = 50;

export class OrderDesk {
  constructor(
    private readonly deps: { client: Client; company1: Company1Client; startSettings: OrderStartSettings; catalog: ServiceCatalog; cancelWhile: string[] },
  ) {}

  services(): BookableService[] {
    return this.deps.catalog.filter((s): s is BookableService => s.price !== undefined);
  }

  service(id: string): BookableService | undefined {
    return this.services().find((s) => s.id === id);
  }

  /**
   * Creates the order in Company 1 under the customer's idempotency key (a double tap, a refresh or the back
   * button sends the same key: Company 1 answers the first order again) and starts its workflow right away;
   * Company 1's notification of the new order meets the same workflow id.
   */
  async book(customer: Customer, service: BookableService, key: string): Promise<{ order: Order; startFailed?: string }> {
    const order = await this.deps.company1.createOrder(
      {
        userId: customer.userId,
        customer: { firstName: customer.firstName, lastName: customer.lastName, phone: customer.phone },
        service: { id: service.id, name: service.name },
        cost: service.price,
      },
      `webview:${customer.userId}:${key}`,
    );
    // The order exists from here on. If its workflow cannot be started now, Company 1's notification (or the feed
    // poller) starts it: the customer is shown the order, not an error that would make them book again.
    try {
      await this.deps.client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
        startOrderWorkflow(this.deps.client, this.deps.startSettings, { orderId: order.id, userId: order.userId, serviceName: order.service.name, snapshot: order, via: 'webview' }),
      );
      return { order };
    } catch (err) {
      return { order, startFailed: err instanceof Error ? err.message : String(err) };
    }
  }

  /** The customer's orders, newest first, from Temporal's visibility (DetmirUserId). */
  async ordersOf(userId: string): Promise<OrderSummary[]> {
    const found: OrderSummary[] = [];
    const query = `WorkflowType = 'orderWorkflow' AND DetmirUserId = ${JSON.stringify(userId)}`;
    await this.deps.client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, async () => {
      for await (const w of this.deps.client.workflow.list({ query, pageSize: LIST_LIMIT })) {
        const orderId = w.searchAttributes.DetmirOrderId?.[0];
        if (typeof orderId !== 'string' || found.some((o) => o.orderId === orderId)) continue;
        const status = w.searchAttributes.OrderStatus?.[0];
        found.push({ orderId, serviceName: this.serviceTitle(w.memo), status: typeof status === 'string' ? status : undefined, startedAt: w.startTime });
        if (found.length >= LIST_LIMIT) break;
      }
    });
    return found.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  }

  /** The catalogue's title of the service a workflow's memo names (orders started before memos: none). */
  serviceTitle(memo: Record<string, unknown> | undefined): string {
    const id = typeof memo?.serviceId === 'string' ? memo.serviceId : undefined;
    const known = id === undefined ? undefined : this.deps.catalog.find((s) => s.id === id);
    return known?.title ?? known?.name ?? (typeof memo?.serviceName === 'string' ? memo.serviceName : '');
  }

  /** The order with its workflow's state; NotYours for another customer's order or one that does not exist. */
  async view(orderId: string, userId: string): Promise<OrderView> {
    const order = await this.deps.company1.getOrder(orderId).catch((err: unknown) => {
      if (err instanceof Company1Error && err.kind === 'not-found') throw new NotYours();
      throw err;
    });
    if (order.userId !== userId) throw new NotYours();
    const state = await this.deps.client
      .withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () => this.deps.client.workflow.getHandle(orderWorkflowId(orderId)).query(stateQuery))
      .catch(() => undefined);
    return { order, state };
  }

  cancellable(view: OrderView): boolean {
    if (!view.state || view.state.stage === 1 || view.state.cancel) return false;
    if (view.state.phase === 'completed' || view.state.phase === 'failed') return false;
    return this.deps.cancelWhile.includes(view.order.status);
  }

  /** Passes the customer's cancel to the order's workflow (which checks the status again); false when it has ended. */
  async cancel(orderId: string, note: string): Promise<boolean> {
    try {
      await this.deps.client.withDeadline(Date.now() + TEMPORAL_DEADLINE_MS, () =>
        this.deps.client.workflow.getHandle(orderWorkflowId(orderId)).signal(customerCancelSignal, { allowedWhile: this.deps.cancelWhile, note }),
      );
      return true;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return false;
      throw err;
    }
  }
}
