import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { type AmoClient, isAmoError, toActivityFailure } from '../amocrm';
import type { Customer, DealDraft } from '../workflows/contact/contract';
import { AMO_CONTACT_GONE, DEAL_WITHOUT_CONTACT } from '../failures/types';
import { ActivityAttempt } from './activity-attempt';
import { type SubscriptionFieldIds, type SubscriptionFieldsRead, subscriptionFieldValues } from './deal-subscription-fields';

// Activities of the amoCRM task queue. Each makes at most one amoCRM request in the common case;
// deal creates share theirs with the creates made meanwhile (amocrm/batch-lane.ts), so attempts
// outnumber requests and the queue's server-side rate is only a pre-filter (AMOCRM_TASK_QUEUE_RATE).

export interface DealTarget {
  pipelineId: number;
  statusId: number;
}

export interface DealStageNow {
  leadId: number;
  statusId: number;
  pipelineId: number;
  price: number;
  /** Unix seconds. */
  modifiedAt: number;
  detmirOrderId: string | null;
}

export interface AmoDeps {
  amo: AmoClient;
  /** Where new deals go; resolved on first use (and again after a failure), not at worker boot. */
  dealTarget: () => Promise<DealTarget>;
}

/**
 * Runs one attempt of an amoCRM activity with a guarded client: see ActivityAttempt for
 * heartbeats and when an attempt stops sending. That keeps two attempts of one create from
 * both sending their POST in every case the worker can see (cancellation, a timeout, its own
 * stall); a worker cut off from Temporal but not from amoCRM cannot know, which is what the
 * lookup before a retried create is for.
 */
async function asActivity<T>(amo: AmoClient, call: (guarded: AmoClient) => Promise<T>): Promise<T> {
  const attempt = new ActivityAttempt(Context.current(), amo.requestTimeoutMs);
  try {
    return await call(amo.forAttempt(attempt));
  } catch (err) {
    throw toActivityFailure(err);
  } finally {
    attempt.end();
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
      const contact = await asActivity(amo, (guarded) => guarded.findContactByDetmirUserId(userId));
      return contact?.id ?? null;
    },

    async createDealWithContact(req: { userId: string; customer: Customer; deal: DealDraft }): Promise<{ dealId: number; contactId: number }> {
      return asActivity(amo, async (guarded) => {
        if (mayHaveCreatedBefore()) {
          const existing = await guarded.findDealByDetmirOrderId(req.deal.orderId);
          if (existing) {
            const contactId = existing.mainContactId ?? existing.contactIds[0];
            if (contactId === undefined) {
              throw ApplicationFailure.nonRetryable(`amoCRM deal ${existing.id} of order ${req.deal.orderId} has no contact; link one by hand`, DEAL_WITHOUT_CONTACT);
            }
            return { dealId: existing.id, contactId };
          }
        }
        const target = await dealTarget();
        return guarded.createDealWithContact({ ...dealFields(req.deal, target), contact: { ...req.customer, detmirUserId: req.userId } });
      });
    },

    /** Stage 2: the deal as it is now (a webhook that carried only ids, a reconciliation). Null when amoCRM has no such deal. */
    async readDealStage(leadId: number): Promise<DealStageNow | null> {
      const deal = await asActivity(amo, (guarded) => guarded.getDeal(leadId));
      if (!deal) return null;
      return { leadId: deal.id, statusId: deal.statusId, pipelineId: deal.pipelineId, price: deal.price, modifiedAt: deal.updatedAt, detmirOrderId: deal.detmirOrderId };
    },

    /** The subscription values Company 2 keeps in the deal's custom fields; null: amoCRM has no such deal. */
    async readDealSubscriptionFields(req: { leadId: number; fields: SubscriptionFieldIds }): Promise<SubscriptionFieldsRead | null> {
      const deal = await asActivity(amo, (guarded) => guarded.getDeal(req.leadId));
      return deal ? subscriptionFieldValues(deal.fieldValues, req.fields) : null;
    },

    /** Stage 3, a customer's cancel: the deal moves to the given stage (Refusal); answers amoCRM's time of the move. */
    async moveDealTo(req: { leadId: number; pipelineId: number; statusId: number }): Promise<{ modifiedAt?: number }> {
      return asActivity(amo, (guarded) => guarded.moveDealAndTell(req.leadId, { pipelineId: req.pipelineId, statusId: req.statusId }));
    },

    /**
     * A text note in the deal's feed, once: a retry (its first attempt may have added it before its answer was lost),
     * or a call the workflow marks as a repeat, reads the deal's notes first and adds nothing when the text is there.
     */
    async addDealNoteOnce(req: { leadId: number; text: string; lookUpFirst?: boolean }): Promise<{ added: boolean }> {
      return asActivity(amo, async (guarded) => {
        if (mayHaveCreatedBefore(req.lookUpFirst) && (await guarded.dealNoteTexts(req.leadId)).includes(req.text)) return { added: false };
        await guarded.addDealNote(req.leadId, req.text);
        return { added: true };
      });
    },

    async createDeal(req: { contactId: number; deal: DealDraft; lookUpFirst?: boolean }): Promise<{ dealId: number }> {
      return asActivity(amo, async (guarded) => {
        if (mayHaveCreatedBefore(req.lookUpFirst)) {
          const existing = await guarded.findDealByDetmirOrderId(req.deal.orderId);
          if (existing) return { dealId: existing.id };
        }
        const target = await dealTarget();
        return guarded.createDeal({ ...dealFields(req.deal, target), contactId: req.contactId }).catch((err: unknown) => {
          throw contactGone(err, req.contactId) ?? err;
        });
      });
    },
  };
}

// amoCRM refuses a link to a contact it does not know with a validation error on the link's id.
function contactGone(err: unknown, contactId: number): ApplicationFailure | undefined {
  if (!isAmoError(err) || err.kind !== 'validation' || !err.fieldPaths.some((p) => /_embedded\.contacts\.\d+\.id$/.test(p))) return undefined;
  return ApplicationFailure.create({ type: AMO_CONTACT_GONE, nonRetryable: true, message: `amoCRM has no contact ${contactId} (merged or deleted): ${err.message}`, details: [{ contactId }], cause: err });
}

function dealFields(deal: DealDraft, target: DealTarget) {
  return { name: deal.name, price: deal.price, detmirOrderId: deal.orderId, pipelineId: target.pipelineId, statusId: target.statusId };
}

export type AmoActivities = ReturnType<typeof createAmoActivities>;
