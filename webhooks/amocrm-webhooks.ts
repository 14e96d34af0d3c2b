import { timingSafeEqual } from 'node:crypto';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../logging/logger';
import type { dealRouterWorkflow } from '../workflows/deal-router/workflow';
import { routeDealChangeSignal } from '../workflows/deal-router/contract';
import { dealRouterWorkflowId, orderWorkflowId } from '../workflows/ids';
import { type DealChange, dealChangedSignal } from '../workflows/order/deal-contract';
import { RecentEvents } from './amocrm/recent-events';
import { parseAmoWebhook, type WebhookLead } from './amocrm/webhook-body';

export interface AmoWebhookDeps {
  client: Client;
  /** The last path segment: amoCRM does not sign its webhooks, the secret URL is the credential. */
  secret: string;
  /** Custom field of the deal that holds Company 1's order id (932792). */
  detmirOrderFieldId: number;
  /** Our pipeline (AMOCRM_PIPELINE_ID), when configured: another pipeline's deal without an order id is not ours, here already. */
  pipelineId?: number;
  taskQueues: { orders: string; amocrm: string };
  /** Every Temporal call of one request shares it: amoCRM gives up after 2 s and disables hooks that fail. */
  temporalDeadlineMs: number;
  log: Logger;
}

export type LeadOutcome = 'signalled' | 'already-signalled' | 'order-not-running' | 'handed-to-router' | 'not-ours';

/**
 * amoCRM's webhooks (stage 2): each lead change becomes a `dealChanged` signal to its order's
 * workflow, named by the deal's detmirOrderId; a change that does not name its order (a Digital
 * Pipeline hook carries ids only) is handed durably to the deal's router workflow, which finds
 * the order. Nothing is kept here: once the answer is 200, the change is in Temporal.
 */
export function registerAmoWebhooks(app: FastifyInstance, deps: AmoWebhookDeps): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const secret = Buffer.from(deps.secret);
  const recent = new RecentEvents();
  app.post<{ Params: { secret: string } }>('/amocrm/webhooks/:secret', async (request, reply) => {
    const given = Buffer.from(request.params.secret);
    if (given.length !== secret.length || !timingSafeEqual(given, secret)) return reply.code(404).send({ error: 'not found' });
    const parsed = parseAmoWebhook(typeof request.body === 'string' ? request.body : '');
    if (!parsed.ok) {
      deps.log.warn('Refused an amoCRM webhook body', { problems: parsed.problems });
      return reply.code(400).send({ error: 'invalid amoCRM webhook body', fields: parsed.problems });
    }
    const deadline = Date.now() + deps.temporalDeadlineMs;
    const outcomes = await deps.client.withDeadline(deadline, () => Promise.all(parsed.body.leads.map((lead) => route(deps, recent, lead))));
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

/** The same event again (amoCRM's retry): same deal, stage, modification time and price. Ids-only hooks have no identity. */
const eventKey = (orderId: string, c: DealChange): string | undefined =>
  c.modifiedAt === undefined ? undefined : `${orderId}:${c.leadId}:${c.statusId}:${c.pipelineId ?? ''}:${c.modifiedAt}:${c.price ?? ''}`;

async function route(deps: AmoWebhookDeps, recent: RecentEvents, lead: WebhookLead): Promise<LeadOutcome> {
  const change = changeOf(lead);
  const orderId = lead.customFields[deps.detmirOrderFieldId]?.[0];
  if (orderId) {
    const key = eventKey(orderId, change);
    if (key !== undefined && recent.has(key)) return 'already-signalled';
    try {
      await deps.client.workflow.getHandle(orderWorkflowId(orderId)).signal(dealChangedSignal, change);
      if (key !== undefined) recent.add(key);
      return 'signalled';
    } catch (err) {
      // The order's workflow finished (or never was ours): nothing follows this deal any more.
      if (err instanceof WorkflowNotFoundError) return 'order-not-running';
      throw err;
    }
  }
  if (deps.pipelineId !== undefined && lead.pipelineId !== undefined && lead.pipelineId !== deps.pipelineId) return 'not-ours';
  await deps.client.workflow.signalWithStart<typeof dealRouterWorkflow, [DealChange]>('dealRouterWorkflow', {
    workflowId: dealRouterWorkflowId(lead.id),
    taskQueue: deps.taskQueues.orders,
    args: [{ leadId: lead.id, amocrmTaskQueue: deps.taskQueues.amocrm, ...(deps.pipelineId === undefined ? {} : { pipelineId: deps.pipelineId }) }],
    signal: routeDealChangeSignal,
    signalArgs: [change],
    staticSummary: `Route changes of amoCRM deal ${lead.id} to its order`,
  });
  return 'handed-to-router';
}
