import { ApplicationFailure } from '@temporalio/common';
import { type Company1Client } from '../company1/client';
import { toActivityFailure } from '../company1/errors';
import type { ServiceCatalog } from '../config/services';
import { INVALID_ORDER } from '../workflows/failure-types';
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
  return {
    /** Reads the order and refuses, non-retryably and naming the fields, one that cannot become a deal. */
    async loadOrderForIntake(orderId: string): Promise<IntakeOrder> {
      const order = await asActivity(() => company1.getOrder(orderId));
      const intake = checkIntake(order, services);
      if (!intake.ok) {
        throw ApplicationFailure.create({
          type: INVALID_ORDER,
          nonRetryable: true,
          message: `Order ${orderId} cannot be sent to amoCRM: ${intake.problems.join('; ')}`,
          details: [{ problems: intake.problems }],
        });
      }
      return intake.order;
    },

    /**
     * additionalInfo is merged key by key by Company 1, so only our keys are sent. If
     * Company 1 already closed the order (closedByDetmir: true), that flag is left alone.
     */
    async writeBackAmoIds(req: { orderId: string; contactId: number; dealId: number }): Promise<OrderClosure> {
      const current = await asActivity(() => company1.getOrder(req.orderId));
      const alreadyClosed = current.additionalInfo.closedByDetmir === true;
      const order = await asActivity(() =>
        company1.changeOrder(req.orderId, {
          additionalInfo: { contactId: req.contactId, externalId: req.dealId, ...(alreadyClosed ? {} : { closedByDetmir: false }) },
        }),
      );
      return { status: order.status, closedByDetmir: order.additionalInfo.closedByDetmir === true, updatedAt: order.updatedAt };
    },

    async readOrderClosure(orderId: string): Promise<OrderClosure> {
      const order = await asActivity(() => company1.getOrder(orderId));
      return { status: order.status, closedByDetmir: order.additionalInfo.closedByDetmir === true, updatedAt: order.updatedAt };
    },
  };
}

export type Company1Activities = ReturnType<typeof createCompany1Activities>;
