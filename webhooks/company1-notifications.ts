import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { verifyNotification } from '../company1/notification-signature';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, type OrderNotification } from '../company1/notification-schema';
import { OrderReference } from '../company1/order-schemas';
import type { Logger } from '../logging/logger';
import { company1OrderChangedSignal, isFinalCompany1Change } from '../workflows/order/contract';
import { orderWorkflowId } from '../workflows/ids';
import { type OrderStartSettings, startOrderWorkflow } from '../client/order-start';

export interface Company1NotificationDeps {
  client: Client;
  startSettings: OrderStartSettings;
  secret: string;
  toleranceSec: number;
  /** Every Temporal call made while answering one notification shares this budget (see app.ts). */
  temporalDeadlineMs: number;
  log: Logger;
}

/**
 * What is left of an authentic notification that does not match the contract: the order it is
 * about, and — where they are still readable — the facts that say it needs no workflow.
 */
const NotificationOrderReference = z.object({
  order: OrderReference.extend({
    status: z.unknown().optional(),
    additionalInfo: z.object({ externalId: z.unknown().optional() }).loose().optional().catch(undefined),
  }),
});

/**
 * Company 1's signed order notifications. The signature is checked on the raw body
 * before anything is parsed; nothing is started for a request that fails it. Starting
 * is idempotent (see startOrderWorkflow), so Company 1's retries are harmless.
 */
export function registerCompany1Notifications(app: FastifyInstance, deps: Company1NotificationDeps): void {
  app.post('/company1/notifications', async (request, reply) => {
    const rawBody = typeof request.body === 'string' ? request.body : '';
    const verdict = verifyNotification({
      secret: deps.secret,
      rawBody,
      timestampHeader: request.headers[TIMESTAMP_HEADER.toLowerCase()],
      signatureHeader: request.headers[SIGNATURE_HEADER.toLowerCase()],
      toleranceSec: deps.toleranceSec,
    });
    // One deadline for every Temporal call of this request. It also ends the client's own retries of an
    // unreachable server (gRPC UNAVAILABLE is retried for ~20 s otherwise): the answer is then a 503 in time.
    const deadline = Date.now() + deps.temporalDeadlineMs;
    if (!verdict.ok) {
      if (verdict.reason === 'invalid-body') {
        // With Temporal out of reach this is a 503 instead: the sender's retry then rescues the order.
        await deps.client.withDeadline(deadline, () => rescueOrder(deps, rawBody, verdict.problems));
        return reply.code(400).send({ error: 'invalid notification body', fields: verdict.problems });
      }
      deps.log.warn('Rejected a Company 1 notification', { reason: verdict.reason, ip: request.ip });
      return reply.code(401).send({ error: `signature ${verdict.reason}` });
    }
    const result = await deps.client.withDeadline(deadline, () => handleNotification(deps, verdict.notification));
    return reply.code(202).send(result);
  });
}

/**
 * Authentic but not a valid notification (Company 1 sent a field its contract does not allow): the
 * sender still gets its 400 naming the fields, but an order with a usable id is not dropped. Its
 * workflow is started without the order, reads it itself, and flags what it cannot read.
 */
async function rescueOrder(deps: Company1NotificationDeps, rawBody: string, problems: string[]): Promise<void> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return;
  }
  const ref = NotificationOrderReference.safeParse(json);
  if (!ref.success) {
    deps.log.warn('Company 1 notification without a usable order id', { problems });
    return;
  }
  // The same filter as a valid notification: a rejected order, or one with a deal already, needs no workflow.
  if (ref.data.order.status === 'rejected' || ref.data.order.additionalInfo?.externalId !== undefined) {
    deps.log.warn('Company 1 notification does not match the contract; its order needs no workflow', { orderId: ref.data.order.id, problems });
    return;
  }
  const { outcome } = await startOrderWorkflow(deps.client, deps.startSettings, { orderId: ref.data.order.id, via: 'notification' });
  deps.log.warn('Company 1 notification does not match the contract; the order workflow reads the order itself', { orderId: ref.data.order.id, problems, outcome });
}

async function handleNotification(deps: Company1NotificationDeps, n: OrderNotification) {
  const { order } = n;
  const workflowId = orderWorkflowId(order.id);
  let outcome: string = 'ignored';
  // An order without a deal id needs its workflow, whichever event tells us about it
  // (an `order.changed` may be the first we hear of it when `order.created` was lost).
  if (order.additionalInfo.externalId === undefined && order.status !== 'rejected') {
    outcome = (await startOrderWorkflow(deps.client, deps.startSettings, { orderId: order.id, userId: order.userId || undefined, serviceName: order.service.name, snapshot: order, via: 'notification' })).outcome;
  }
  const change = { status: order.status, closedByDetmir: order.additionalInfo.closedByDetmir, updatedAt: order.updatedAt };
  // Only a close or a rejection wakes the workflow; the rest (our write-back's echo first) would cost a
  // Temporal call and a history event for nothing.
  if (n.type === 'order.changed' && isFinalCompany1Change(change)) {
    try {
      await deps.client.workflow.getHandle(workflowId).signal(company1OrderChangedSignal, change);
      if (outcome === 'ignored') outcome = 'signalled';
    } catch (err) {
      // The order's workflow finished already: nothing is waiting for this change.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  deps.log.info('Company 1 notification', { event: n.id, type: n.type, orderId: order.id, outcome });
  return { workflowId, outcome };
}
