import { orderMetricSinks } from '../../workers/order-metric-sinks';
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import type { AmoActivities } from '../../activities/amocrm';
import type { Company1Activities, OrderClosure } from '../../activities/company1';
import type { ContactEntityActivities } from '../../activities/contact-entity';
import type { DealStageRuleActivities } from '../../activities/deal-stage-rules';
import { subscriptionFieldValues } from '../../activities/deal-subscription-fields';
import type { OrderStatus } from '../../company1/order-status';
import type { DealStageRules } from '../../workflows/order/deal-contract';
import type { IntakeOrder } from '../../activities/order-intake';
import type { Order } from '../../company1/schemas';
import { AMO_ACCOUNT_BLOCKED, AMO_VALIDATION, INVALID_ORDER } from '../../failures/types';
import type { OrderWorkflowInput, OrderWorkflowTimings } from '../../workflows/order/contract';
import type { TestTemporal } from '../support/temporal';

/**
 * The activities of an order, faked in memory: the workflow's branches run on the real dev
 * server with no HTTP and no sandbox timing. Tests steer them through `world`.
 */
export class FakeWorld {
  amoBlocked = false;
  /** The user has a contact already: the deal is created by the order itself (createDeal). */
  returningUser = false;
  /** amoCRM refuses the deal (e.g. a misconfigured field): a failure that needs a fix. */
  dealRefused?: string;
  invalid?: string;
  closure: OrderClosure = { status: 'on_approval', closedByDetmir: false, updatedAt: new Date().toISOString() };
  readonly calls: string[] = [];
  /** Stage 2: the pipeline's rules, and the deal as amoCRM would answer a read of it. */
  rules: DealStageRules = { pipelineId: 1, byStatusId: {} };
  dealNow = { statusId: 0, price: 0, modifiedAt: 0 };
  /** Company 1 answers every field change with a 503 (its activity gives up at once: the order retries on its timer). */
  company1Down = false;
  /** The deal's custom fields, by id, as amoCRM would answer a read of it. */
  dealFields: Record<string, string[]> = {};
  /** Stage 3: the deal's notes, as amoCRM keeps them. */
  readonly dealNotes: string[] = [];
  private nextId = 1000;

  activities(): Company1Activities & ContactEntityActivities & AmoActivities & DealStageRuleActivities {
    const intake = (order: Order): Promise<IntakeOrder> => {
      if (this.invalid) throw ApplicationFailure.create({ type: INVALID_ORDER, nonRetryable: true, message: `Order ${order.id} cannot be sent to amoCRM: ${this.invalid}` });
      return Promise.resolve(intakeOf(order));
    };
    const blocked = () => ApplicationFailure.create({ type: AMO_ACCOUNT_BLOCKED, nonRetryable: true, message: 'amoCRM account-blocked: forbidden' });
    const call = <T>(name: string, result: () => T): Promise<T> => {
      this.calls.push(name);
      return Promise.resolve(result());
    };
    return {
      checkOrderIntake: (order) => (this.calls.push('checkOrderIntake'), intake(order)),
      loadOrderForIntake: () => Promise.reject(new Error('the fast tier always sends the order along')),
      writeBackAmoIds: () => call('writeBackAmoIds', () => ({ ...this.closure })),
      readOrderClosure: () => call('readOrderClosure', () => ({ ...this.closure })),
      ensureContactViaEntity: (req) => {
        this.calls.push('ensureContactViaEntity');
        if (this.amoBlocked) return Promise.reject(blocked());
        return Promise.resolve({ contactId: 77, ...(this.returningUser ? {} : { dealId: this.nextId++ }), retried: req.try > 0 });
      },
      moveOrderStatus: (req) => call('moveOrderStatus', () => {
        this.closure = { ...this.closure, status: req.to };
        return { moved: true, status: req.to };
      }),
      changeOrderFields: (req) => {
        if (this.company1Down) {
          this.calls.push('refused changeOrderFields');
          return Promise.reject(ApplicationFailure.create({ type: 'Company1Unavailable', nonRetryable: true, message: 'Company 1 changeOrder failed with 503' }));
        }
        return call(`changeOrderFields ${JSON.stringify({ cost: req.cost, paid: req.paid, subscription: req.subscription })}`, () => ({ status: this.closure.status as OrderStatus, cost: req.cost ?? null, paid: req.paid ?? false }));
      },
      dealStageRules: () => call('dealStageRules', () => this.rules),
      readDealStage: (leadId) => call('readDealStage', () => ({ leadId, statusId: this.dealNow.statusId, pipelineId: 1, price: this.dealNow.price, modifiedAt: this.dealNow.modifiedAt, detmirOrderId: null })),
      readDealSubscriptionFields: (req) => call('readDealSubscriptionFields', () => subscriptionFieldValues(this.dealFields, req.fields)),
      moveDealTo: (req) => call(`moveDealTo ${req.statusId}`, () => {
        this.dealNow = { ...this.dealNow, statusId: req.statusId, modifiedAt: this.dealNow.modifiedAt + 1 };
        return { modifiedAt: this.dealNow.modifiedAt };
      }),
      addDealNoteOnce: (req) =>
        call('addDealNoteOnce', () => {
          if (req.lookUpFirst && this.dealNotes.includes(req.text)) return { added: false };
          this.dealNotes.push(req.text);
          return { added: true };
        }),
      findContactByUserId: () => call('findContactByUserId', () => 77),
      createDealWithContact: () => call('createDealWithContact', () => ({ dealId: this.nextId++, contactId: 77 })),
      createDeal: () => {
        this.calls.push('createDeal');
        if (this.dealRefused) return Promise.reject(ApplicationFailure.create({ type: AMO_VALIDATION, nonRetryable: true, message: `amoCRM validation: POST /api/v4/leads: ${this.dealRefused}` }));
        return Promise.resolve({ dealId: this.nextId++ });
      },
    };
  }
}

export function intakeOf(order: Order): IntakeOrder {
  return {
    orderId: order.id,
    userId: order.userId,
    customer: order.customer,
    service: order.service,
    status: order.status,
    cost: order.cost,
    createdAt: order.createdAt,
    closedByDetmir: false,
  };
}

export function anOrder(createdAt = new Date().toISOString()): Order {
  const id = String(Math.floor(Math.random() * 1e9));
  return {
    id,
    userId: `user-${id}`,
    customer: { firstName: 'Anna', lastName: 'Ivanova', phone: '+79990001122' },
    service: { id: 'c2-trial-lesson', name: 'Trial lesson' },
    status: 'on_approval',
    cost: 4900,
    paid: false,
    subscription: null,
    additionalInfo: {},
    createdAt,
    updatedAt: createdAt,
  };
}

/** A worker of the real order workflow with the fake activities, on a queue of its own. */
export async function fakeWorker(t: TestTemporal, world: FakeWorld) {
  const taskQueue = `fast-${randomUUID().slice(0, 8)}`;
  const worker = await Worker.create({
    connection: t.workerConnection,
    namespace: t.namespace,
    taskQueue,
    workflowBundle: { codePath: t.workflowBundlePath },
    activities: world.activities(),
    sinks: orderMetricSinks,
  });
  const running = worker.run();
  return {
    taskQueue,
    input(order: Order, timings: Partial<OrderWorkflowTimings> = {}, stage: 1 | 2 | 3 = 1): OrderWorkflowInput {
      return {
        orderId: order.id,
        stage,
        amocrmTaskQueue: taskQueue,
        order,
        timings: { autoCloseAfterMs: 60_000, graceMs: 0, recheckEveryMs: 60_000, blockedRecheckEveryMs: 60_000, ...timings },
      };
    },
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}
