import { ApplicationFailure } from '@temporalio/common';
import { type Company1Client } from '../company1/client';
import { toActivityFailure } from '../company1/errors';
import type { OrderStatus } from '../company1/order-status';
import type { Order } from '../company1/schemas';
import type { Subscription } from '../company1/order-schemas';
import type { ServiceCatalog } from '../config/services';
import { INVALID_ORDER } from '../failures/types';
import { checkIntake, type IntakeOrder } from './order-intake';

export interface Company1Deps {
  company1: Company1Client;
  services: ServiceCatalog;
}

async function asActivity<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toActivityFailure(err);
  }
}

export interface OrderClosure {
  status: string;
  closedByDetmir: boolean;
  updatedAt: string;
}

export function createCompany1Activities({ company1, services }: Company1Deps) {
  function checkedIntake(order: Order): IntakeOrder {
    const intake = checkIntake(order, services);
    if (intake.ok) return intake.order;
    throw ApplicationFailure.create({
      type: INVALID_ORDER,
      nonRetryable: true,
      message: `Order ${order.id} cannot be sent to amoCRM: ${intake.problems.join('; ')}`,
      details: [{ problems: intake.problems }],
    });
  }

  return {
    /** Reads the order and refuses, non-retryably and naming the fields, one that cannot become a deal. */
    async loadOrderForIntake(orderId: string): Promise<IntakeOrder> {
      return checkedIntake(await asActivity(() => company1.getOrder(orderId)));
    },

    /** The same check for the order Company 1 sent along (run as a local activity: no round trip). */
    checkOrderIntake(order: Order): Promise<IntakeOrder> {
      return Promise.resolve(checkedIntake(order));
    },

    /**
     * additionalInfo is merged key by key by Company 1, so only our keys are sent. If
     * Company 1 had already closed the order (closedByDetmir: true when we last saw it),
     * that flag is left alone.
     */
    async writeBackAmoIds(req: { orderId: string; contactId: number; dealId: number; closedByCompany1?: boolean }): Promise<OrderClosure> {
      const sendFlag = req.closedByCompany1 !== true;
      let order = await asActivity(() =>
        company1.changeOrder(req.orderId, {
          additionalInfo: { contactId: req.contactId, externalId: req.dealId, ...(sendFlag ? { closedByDetmir: false } : {}) },
        }),
      );
      // Company 1 may have closed the order since we saw it, and our `false` then overwrote
      // its `true`. Only Company 1 moves an order to executed before this write-back, so an
      // executed order here was closed by it: put its flag back.
      if (sendFlag && order.status === 'executed' && order.additionalInfo.closedByDetmir !== true) {
        order = await asActivity(() => company1.changeOrder(req.orderId, { additionalInfo: { closedByDetmir: true } }));
      }
      return { status: order.status, closedByDetmir: order.additionalInfo.closedByDetmir === true, updatedAt: order.updatedAt };
    },

    /** Stage 2: one step of Company 1's status; a stale `from` (someone moved it already) says where it is now. */
    async moveOrderStatus(req: { orderId: string; from: OrderStatus; to: OrderStatus }): Promise<{ moved: boolean; status: OrderStatus }> {
      const result = await asActivity(() => company1.moveOrderStatus(req.orderId, req.from, req.to));
      return result.outcome === 'moved' ? { moved: true, status: result.order.status } : { moved: false, status: result.currentStatus };
    },

    /** Stage 2: cost and paid. Setting a value it already has changes nothing at Company 1, so a retry is harmless. */
    async changeOrderFields(req: { orderId: string; cost?: number; paid?: boolean; subscription?: Subscription }): Promise<{ status: OrderStatus; cost: number | null; paid: boolean }> {
      const { orderId, ...change } = req;
      const order = await asActivity(() => company1.changeOrder(orderId, change));
      return { status: order.status, cost: order.cost, paid: order.paid };
    },

    async readOrderClosure(orderId: string): Promise<OrderClosure> {
      const order = await asActivity(() => company1.getOrder(orderId));
      return { status: order.status, closedByDetmir: order.additionalInfo.closedByDetmir === true, updatedAt: order.updatedAt };
    },
  };
}

export type Company1Activities = ReturnType<typeof createCompany1Activities>;
