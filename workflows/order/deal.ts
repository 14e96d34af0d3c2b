import { ActivityFailure, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { AmoActivities } from '../../activities/amocrm';
import type { ContactEntityActivities } from '../../activities/contact-entity';
import type { IntakeOrder } from '../../activities/order-intake';
import { amocrmActivityOptions, contactEntityActivityOptions } from '../activity-options';
import type { DealDraft } from '../contact/contract';
import { AMO_CONTACT_GONE } from '../../failures/types';
import { PATCHES } from '../patches';
import { failureType } from './failures';
import type { OrderRun } from './run';
import { record } from './state';

/**
 * amoCRM's deal price is whole rubles (an integer); Company 1's cost may have kopecks. Rounded to
 * the nearest ruble, halves up (4990.5 → 4991): the deal shows the amount a manager talks about,
 * and Company 1 keeps the exact cost.
 */
export const dealPrice = (cost: number | null): number | undefined => (cost === null ? undefined : Math.round(cost));

function dealDraft(order: IntakeOrder): DealDraft {
  return { orderId: order.orderId, name: `Company 1 order ${order.orderId}: ${order.service.name}`, price: dealPrice(order.cost) };
}

/**
 * The contact comes from the user's entity workflow (one contact per user, also under
 * concurrency). A new user's deal is created there with the contact in one request;
 * a returning user's deal is created here, linked to the contact. A contact amoCRM no
 * longer knows (merged or deleted by a manager) is dropped by the entity and found again.
 */
export async function ensureContactAndDeal(run: OrderRun, order: IntakeOrder, earlierTries: number): Promise<{ contactId: number; dealId: number }> {
  if (order.contactId !== undefined && order.dealId !== undefined) {
    // Already written back to Company 1 by an earlier run: nothing to create.
    return { contactId: order.contactId, dealId: order.dealId };
  }
  const deal = dealDraft(order);
  const entity = proxyActivities<ContactEntityActivities>({ ...contactEntityActivityOptions, summary: `Find or create the amoCRM contact of user ${order.userId}` });
  const amo = proxyActivities<AmoActivities>({ ...amocrmActivityOptions(run.input.amocrmTaskQueue), summary: `Create the amoCRM deal for order ${order.orderId}` });
  let staleContactId: number | undefined;
  for (;;) {
    // Each try is a new entity update (a failed one is never replayed from the update cache);
    // the first run id keeps ids of a restarted order apart from its earlier runs'.
    const tries = run.contactTries++;
    const found = await entity.ensureContactViaEntity({ try: tries, run: workflowInfo().firstExecutionRunId, userId: order.userId, customer: order.customer, deal, staleContactId });
    if (found.dealId !== undefined) return { contactId: found.contactId, dealId: found.dealId };
    // After any failure on the way, an earlier try may have created the deal already.
    const lookUpFirst = run.input.lookUpDealFirst === true || earlierTries > 0 || tries > 0 || found.retried === true;
    try {
      const created = await amo.createDeal({ contactId: found.contactId, deal, lookUpFirst });
      return { contactId: found.contactId, dealId: created.dealId };
    } catch (err) {
      const gone = err instanceof ActivityFailure && failureType(err) === AMO_CONTACT_GONE;
      if (!gone || staleContactId === found.contactId || !patched(PATCHES.staleContactDropped)) throw err;
      record(run.state, `amoCRM no longer knows contact ${found.contactId} (merged or deleted); finding the user's contact again`);
      staleContactId = found.contactId;
    }
  }
}
