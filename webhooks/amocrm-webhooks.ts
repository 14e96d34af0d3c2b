import { timingSafeEqual } from 'node:crypto';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logging/logger';
import type { dealRouterWorkflow } from '../workflows/deal-router/workflow';
import { routeDealChangeSignal } from '../workflows/deal-router/contract';
import { dealRouterWorkflowId, orderWorkflowId } from '../workflows/ids';
import { type DealChange, dealChangedSignal } from '../workflows/order/deal-contract';
import { parseAmoWebhook, type WebhookLead } from './amocrm/webhook-body';

export interface AmoWebhookDeps {
  client: Client;
  /** The last path segment: amoCRM does not sign its webhooks, the secret URL is the credential. */
  secret: string;
  /** Custom field of the deal that holds Company 1's order id (932792). */
  detmirOrderFieldId: number;
  taskQueues: { orders: string; amocrm: string };
  /** Every Temporal call of one request shares it: amoCRM gives up after 2 s and disables hooks that fail. */
  temporalDeadlineMs: number;
  log: Logger;
}

export type LeadOutcome = 'signalled' | 'order-not-running' | 'handed-to-router';

/**
 * amoCRM's webhooks (stage 2): each lead change becomes a `dealChanged` signal to its order's
 * workflow, named by the deal's detmirOrderId; a change that does not name its order (a Digital
 * Pipeline hook carries ids only) is handed durably to the deal's router workflow, which finds
 * the order. Nothing is kept here: once the answer is 200, the change is in Temporal.
 */
export function registerAmoWebhooks(app: FastifyInstance, deps: AmoWebhookDeps): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const secret = Buffer.from(deps.secret);
  app.post<{ Params: { secret: string } }>('/amocrm/webhooks/:secret', async (request, reply) => {
    const given = Buffer.from(request.params.secret);
    if (given.length !== secret.length || !timingSafeEqual(given, secret)) return reply.code(404).send({ error: 'not found' });
    const parsed = parseAmoWebhook(typeof request.body === 'string' ? request.body : '');
    if (!parsed.ok) {
      deps.log.warn('Refused an amoCRM webhook body', { problems: parsed.problems });
      return reply.code(400).send({ error: 'invalid amoCRM webhook body', fields: parsed.problems });
    }
    const deadline = Date.now() + deps.temporalDeadlineMs;
    const outcomes = await deps.client.withDeadline(deadline, () => Promise.all(parsed.body.leads.map((lead) => route(deps, lead))));
    const leads = parsed.body.leads.map((lead, i) => ({ leadId: lead.id, outcome: outcomes[i] }));
    deps.log.info('amoCRM webhook', { leads, ignored: parsed.body.ignored.length });
    return reply.code(200).send({ leads, ignored: parsed.body.ignored.length });
  });
}

function changeOf(lead: WebhookLead): DealChange {
  return {
    leadId: lead.id,
    statusId: lead.statusId,
    ...(lead.pipelineId === undefined ? {} : { pipelineId: lead.pipelineId }),
    ...(lead.price === undefined ? {} : { price: lead.price }),
    ...(lead.modifiedAt === undefined ? {} : { modifiedAt: lead.modifiedAt }),
    source: lead.dp ? 'digital-pipeline' : 'webhook',
  };
}

async function route(deps: AmoWebhookDeps, lead: WebhookLead): Promise<LeadOutcome> {
  const change = changeOf(lead);
  const orderId = lead.customFields[deps.detmirOrderFieldId]?.[0];
  if (orderId) {
    try {
      await deps.client.workflow.getHandle(orderWorkflowId(orderId)).signal(dealChangedSignal, change);
      return 'signalled';
    } catch (err) {
      // The order's workflow finished (or never was ours): nothing follows this deal any more.
      if (err instanceof WorkflowNotFoundError) return 'order-not-running';
      throw err;
    }
  }
  await deps.client.workflow.signalWithStart<typeof dealRouterWorkflow, [DealChange]>('dealRouterWorkflow', {
    workflowId: dealRouterWorkflowId(lead.id),
    taskQueue: deps.taskQueues.orders,
    args: [{ leadId: lead.id, amocrmTaskQueue: deps.taskQueues.amocrm }],
    signal: routeDealChangeSignal,
    signalArgs: [change],
    staticSummary: `Route changes of amoCRM deal ${lead.id} to its order`,
  });
  return 'handed-to-router';
}
