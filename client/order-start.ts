import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { Order } from '../company1/schemas';
import { DetmirOrderId, DetmirUserId, IntegrationStage, NeedsAttention } from '../temporal/search-attributes';
import type { OrderWorkflowInput } from '../workflows/order/contract';
import type { orderWorkflow } from '../workflows/order/workflow';
import { orderWorkflowId } from '../workflows/ids';
import { orderStarts } from '../metrics/registry';

/** Everything needed to start an order workflow, derived once from the configuration. */
export interface OrderStartSettings {
  taskQueue: string;
  amocrmTaskQueue: string;
  stage: OrderWorkflowInput['stage'];
  timings: OrderWorkflowInput['timings'];
}

/** 'running': started now, or already running (the server does not say which). */
export type OrderStartOutcome = 'running' | 'already-finished';

/**
 * The one way an order workflow is started (notifications, the feed poller, the CLI).
 * Duplicate starts are explicit: a running workflow for the order is reused
 * (USE_EXISTING) and a finished one is never run again (REJECT_DUPLICATE).
 */
/** Who asked for an order's workflow (a metric label). */
export type OrderStartVia = 'notification' | 'feed' | 'webview' | 'operator' | 'backfill';

export async function startOrderWorkflow(
  client: Client,
  settings: OrderStartSettings,
  order: {
    orderId: string;
    userId?: string;
    serviceName?: string;
    snapshot?: Order;
    via: OrderStartVia;
    /** Look for the order's deal in amoCRM before creating one (an earlier workflow may have made it). */
    lookUpDealFirst?: boolean;
  },
  /**
   * An operator's restart of a failed or terminated order: allowed after such a run only,
   * and the new run looks for a deal the earlier one may have created before it stopped.
   */
  restart = false,
): Promise<{ workflowId: string; outcome: OrderStartOutcome }> {
  const workflowId = orderWorkflowId(order.orderId);
  try {
    await client.workflow.start<typeof orderWorkflow>('orderWorkflow', {
      workflowId,
      taskQueue: settings.taskQueue,
      args: [
        {
          orderId: order.orderId,
          stage: settings.stage,
          amocrmTaskQueue: settings.amocrmTaskQueue,
          timings: settings.timings,
          order: order.snapshot,
          ...(restart || order.lookUpDealFirst ? { lookUpDealFirst: true } : {}),
        },
      ],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: restart ? 'ALLOW_DUPLICATE_FAILED_ONLY' : 'REJECT_DUPLICATE',
      // For lists (the webview's "my orders"): what was ordered, without reading each order.
      ...(order.snapshot ? { memo: { serviceId: order.snapshot.service.id, serviceName: order.snapshot.service.name } } : {}),
      staticSummary: `Company 1 order ${order.orderId}${order.serviceName ? ` — ${order.serviceName}` : ''}${restart ? ' (restarted by an operator)' : ''}`,
      staticDetails: `Company 1 order **${order.orderId}** → amoCRM deal (stage ${settings.stage}).`,
      typedSearchAttributes: new TypedSearchAttributes([
        { key: DetmirOrderId, value: order.orderId },
        ...(order.userId ? [{ key: DetmirUserId, value: order.userId }] : []),
        { key: IntegrationStage, value: settings.stage },
        { key: NeedsAttention, value: false },
      ]),
    });
    orderStarts.inc({ via: order.via, outcome: 'running' });
    return { workflowId, outcome: 'running' };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    orderStarts.inc({ via: order.via, outcome: 'already-finished' });
    return { workflowId, outcome: 'already-finished' };
  }
}
