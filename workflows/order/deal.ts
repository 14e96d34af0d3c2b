import { proxyActivities } from '@temporalio/workflow';
import type { AmoActivities } from '../../activities/amocrm';
import type { ContactEntityActivities } from '../../activities/contact-entity';
import type { IntakeOrder } from '../../activities/order-intake';
import { amocrmActivityOptions, contactEntityActivityOptions } from '../activity-options';
import type { DealDraft } from '../contact/contract';

function dealDraft(order: IntakeOrder): DealDraft {
  return {
    orderId: order.orderId,
    name: `Company 1 order ${order.orderId}: ${order.service.name}`,
    price: order.cost ?? undefined,
  };
}

/**
 * The contact comes from the user's entity workflow (one contact per user, also under
 * concurrency). A new user's deal is created there with the contact in one request;
 * a returning user's deal is created here, linked to the contact.
 */
export async function ensureContactAndDeal(
  order: IntakeOrder,
  amocrmTaskQueue: string,
  lookUpDealFirst: boolean,
  earlierTries: number,
): Promise<{ contactId: number; dealId: number }> {
  if (order.contactId !== undefined && order.dealId !== undefined) {
    // Already written back to Company 1 by an earlier run: nothing to create.
    return { contactId: order.contactId, dealId: order.dealId };
  }
  const deal = dealDraft(order);
  const entity = proxyActivities<ContactEntityActivities>({
    ...contactEntityActivityOptions,
    summary: `Find or create the amoCRM contact of user ${order.userId}`,
  });
  const { contactId, dealId, retried } = await entity.ensureContactViaEntity({ try: earlierTries, userId: order.userId, customer: order.customer, deal });
  if (dealId !== undefined) return { contactId, dealId };
  const amo = proxyActivities<AmoActivities>({
    ...amocrmActivityOptions(amocrmTaskQueue),
    summary: `Create the amoCRM deal for order ${order.orderId}`,
  });
  // After any failure on the way, an earlier try may have created the deal already.
  const lookUpFirst = lookUpDealFirst || earlierTries > 0 || retried === true;
  const created = await amo.createDeal({ contactId, deal, lookUpFirst });
  return { contactId, dealId: created.dealId };
}
