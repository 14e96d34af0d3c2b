// Business-keyed workflow ids: one helper for each kind, with its inverse, so the
// webhook service, the feed poller and the CLI always land on the same workflow.
const ORDER_PREFIX = 'order-';
const USER_CONTACT_PREFIX = 'amocrm-contact-';

export const orderWorkflowId = (orderId: string): string => `${ORDER_PREFIX}${orderId}`;

export function orderIdFromWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(ORDER_PREFIX) ? workflowId.slice(ORDER_PREFIX.length) : undefined;
}

export const userContactWorkflowId = (userId: string): string => `${USER_CONTACT_PREFIX}${userId}`;

/** One feed schedule per order task queue (production: `company1-order-feed-orders`). */
export const feedScheduleId = (taskQueue: string): string => `company1-order-feed-${taskQueue}`;

/** One coordinator per amoCRM account (its host, e.g. `company2.amocrm.ru`, or a sandbox's host:port). */
export const amocrmAccountWorkflowId = (account: string): string => `amocrm-account-${account}`;

/** Routes the changes of one amoCRM deal whose order a webhook could not name. */
export const dealRouterWorkflowId = (leadId: number): string => `amocrm-deal-${leadId}`;

/** Stage 2's reconciliation schedule, one per order task queue. */
export const reconciliationScheduleId = (taskQueue: string): string => `amocrm-reconciliation-${taskQueue}`;

/** One backfill per start date and order queue: running it again (or twice at once) lands on the same workflow. */
export const backfillWorkflowId = (since: string, taskQueue: string): string => `orders-backfill-${taskQueue}-${since}`;
