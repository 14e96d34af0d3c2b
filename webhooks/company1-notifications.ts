import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { verifyNotification } from '../company1/notification-signature';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, type OrderNotification } from '../company1/notification-schema';
import type { Logger } from '../logging/logger';
import { company1OrderChangedSignal } from '../workflows/order/contract';
import { orderWorkflowId } from '../workflows/ids';
import { type OrderStartSettings, startOrderWorkflow } from '../client/order-start';

export interface Company1NotificationDeps {
  client: Client;
  startSettings: OrderStartSettings;
  secret: string;
  toleranceSec: number;
  log: Logger;
}

/**
 * Company 1's signed order notifications. The signature is checked on the raw body
 * before anything is parsed; nothing is started for a request that fails it. Starting
 * is idempotent (see startOrderWorkflow), so Company 1's retries are harmless.
 */
export function registerCompany1Notifications(app: FastifyInstance, deps: Company1NotificationDeps): void {
  app.post('/company1/notifications', async (request, reply) => {
    const verdict = verifyNotification({
      secret: deps.secret,
      rawBody: typeof request.body === 'string' ? request.body : '',
      timestampHeader: request.headers[TIMESTAMP_HEADER.toLowerCase()],
      signatureHeader: request.headers[SIGNATURE_HEADER.toLowerCase()],
      toleranceSec: deps.toleranceSec,
    });
    if (!verdict.ok) {
      if (verdict.reason === 'invalid-body') {
        return reply.code(400).send({ error: 'invalid notification body', fields: verdict.problems });
      }
      deps.log.warn('Rejected a Company 1 notification', { reason: verdict.reason, ip: request.ip });
      return reply.code(401).send({ error: `signature ${verdict.reason}` });
    }
    const result = await handleNotification(deps, verdict.notification);
    return reply.code(202).send(result);
  });
}

async function handleNotification(deps: Company1NotificationDeps, n: OrderNotification) {
  const { order } = n;
  const workflowId = orderWorkflowId(order.id);
  let outcome: string = 'ignored';
  // An order without a deal id needs its workflow, whichever event tells us about it
  // (an `order.changed` may be the first we hear of it when `order.created` was lost).
  if (order.additionalInfo.externalId === undefined && order.status !== 'rejected') {
    outcome = (await startOrderWorkflow(deps.client, deps.startSettings, { orderId: order.id, userId: order.userId || undefined, serviceName: order.service.name, snapshot: order })).outcome;
  }
  if (n.type === 'order.changed') {
    try {
      await deps.client.workflow.getHandle(workflowId).signal(company1OrderChangedSignal, {
        status: order.status,
        closedByDetmir: order.additionalInfo.closedByDetmir,
        updatedAt: order.updatedAt,
      });
      if (outcome === 'ignored') outcome = 'signalled';
    } catch (err) {
      // The order's workflow finished already: nothing is waiting for this change.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  deps.log.info('Company 1 notification', { event: n.id, type: n.type, orderId: order.id, outcome });
  return { workflowId, outcome };
}
