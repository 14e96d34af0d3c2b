import { Context } from '@temporalio/activity';
import { type AmoClient, toActivityFailure } from '../amocrm';
import type { Customer, DealDraft } from '../workflows/contact/contract';

// Activities of the rate-limited amoCRM task queue. Each makes one amoCRM request
// in the common case, so the queue's server-side rate limit maps onto amoCRM's.

export interface AmoDeps {
  amo: AmoClient;
  /** Where new deals go, resolved once at worker startup. */
  dealTarget: { pipelineId: number; statusId: number };
}

async function asActivity<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toActivityFailure(err);
  }
}

// A retry may follow an attempt whose response was lost after amoCRM committed the
// deal; only then is the deal looked up before it is created again.
function mayHaveCreatedBefore(lookUpFirst = false): boolean {
  return lookUpFirst || Context.current().info.attempt > 1;
}

export function createAmoActivities({ amo, dealTarget }: AmoDeps) {
  return {
    async findContactByUserId(userId: string): Promise<number | null> {
      const contact = await asActivity(() => amo.findContactByDetmirUserId(userId));
      return contact?.id ?? null;
    },

    async createDealWithContact(req: { userId: string; customer: Customer; deal: DealDraft }): Promise<{ dealId: number; contactId: number }> {
      if (mayHaveCreatedBefore()) {
        const existing = await asActivity(() => amo.findDealByDetmirOrderId(req.deal.orderId));
        if (existing?.mainContactId) return { dealId: existing.id, contactId: existing.mainContactId };
      }
      return asActivity(() =>
        amo.createDealWithContact({
          ...dealFields(req.deal, dealTarget),
          contact: { ...req.customer, detmirUserId: req.userId },
        }),
      );
    },

    async createDeal(req: { contactId: number; deal: DealDraft; lookUpFirst?: boolean }): Promise<{ dealId: number }> {
      if (mayHaveCreatedBefore(req.lookUpFirst)) {
        const existing = await asActivity(() => amo.findDealByDetmirOrderId(req.deal.orderId));
        if (existing) return { dealId: existing.id };
      }
      return asActivity(() => amo.createDeal({ ...dealFields(req.deal, dealTarget), contactId: req.contactId }));
    },
  };
}

function dealFields(deal: DealDraft, target: AmoDeps['dealTarget']) {
  return { name: deal.name, price: deal.price, detmirOrderId: deal.orderId, pipelineId: target.pipelineId, statusId: target.statusId };
}

export type AmoActivities = ReturnType<typeof createAmoActivities>;
