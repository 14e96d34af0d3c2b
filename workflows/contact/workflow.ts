import {
  allHandlersFinished,
  ApplicationFailure,
  ActivityFailure,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AmoActivities } from '../../activities/amocrm';
import { amocrmActivityOptions } from '../activity-options';
import { ensureContactUpdate, type EnsureContactRequest, type EnsureContactResult, type UserContactInput } from './contract';

const DEFAULT_IDLE_MS = 10 * 60_000;
/** Temporal's default priority key (of 1–5), which every other activity has. */
const DEFAULT_PRIORITY_KEY = 3;

/**
 * One per Company 1 user (id `amocrm-contact-<userId>`). Orders reach it with
 * update-with-start; it handles them one at a time, so two orders of a new user
 * arriving together on different workers still produce one contact.
 */
export async function userContactWorkflow(input: UserContactInput): Promise<void> {
  // The entity itself runs at priority 1 (CONTACT_ENTITY_PRIORITY): its workflow tasks go ahead of a burst's orders.
  // Its amoCRM calls do not inherit that: on the amocrm queue they take their turn with the orders' deal creates
  // and stage-2 reads, which a stream of new users would otherwise hold back for as long as it lasts.
  const amo = proxyActivities<AmoActivities>({ ...amocrmActivityOptions(input.amocrmTaskQueue), priority: { priorityKey: DEFAULT_PRIORITY_KEY } });
  let contactId = input.contactId;
  // A later try for the same order must get the deal created with the contact, not a second one.
  const dealsByOrder: Record<string, number> = { ...input.dealsByOrder };
  let handled = 0;
  // Idle time counts from the last update that succeeded: failing updates (a blocked account
  // retried every few minutes) must not keep the entity, and its history, alive forever.
  let lastSuccessAt = Date.now();
  // Updates run one after another on this chain. (Several `condition()` waiters on a
  // "busy" flag could all be released in the same activation; a promise chain cannot.)
  let queue: Promise<unknown> = Promise.resolve();

  function serialized<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  }

  // Keep the awaits of this handler exactly as the released code had them: when the update
  // finishes (a microtask more or less) decides, in a workflow task where the idle timer fires
  // too, whether the entity completes or waits on, and replay must decide the same way.
  async function ensureContact(req: EnsureContactRequest): Promise<EnsureContactResult> {
    try {
      if (req.staleContactId !== undefined && req.staleContactId === contactId) {
        // amoCRM no longer knows it (a manager merged or deleted it): search again below.
        contactId = undefined;
        log.warn('amoCRM contact gone; finding the user again', { userId: input.userId, staleContactId: req.staleContactId });
      }
      const dealId = dealsByOrder[req.deal.orderId];
      if (contactId !== undefined && dealId !== undefined) return succeeded({ contactId, dealId });
      if (contactId === undefined) {
        const found = await amo.findContactByUserId(req.userId);
        if (found === null) {
          // A new user: contact and deal in one request (/leads/complex).
          const created = await amo.createDealWithContact(req);
          contactId = created.contactId;
          dealsByOrder[req.deal.orderId] = created.dealId;
          return succeeded({ contactId, dealId: created.dealId });
        }
        contactId = found;
      }
      return succeeded({ contactId });
    } catch (err) {
      // Report the amoCRM failure itself (type, retryability) to the order that asked.
      if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure) throw err.cause;
      throw err;
    } finally {
      handled += 1;
    }
  }

  function succeeded(result: EnsureContactResult): EnsureContactResult {
    lastSuccessAt = Date.now();
    return result;
  }

  setHandler(ensureContactUpdate, (req) => serialized(() => ensureContact(req)), {
    validator: (req: EnsureContactRequest) => {
      if (req.userId !== input.userId) throw new Error(`this workflow serves user ${input.userId}, not ${req.userId}`);
    },
  });

  // Stay while orders keep coming; finish after an idle period. A later order starts
  // a new run, which finds the contact in amoCRM again.
  for (;;) {
    const seen = handled;
    // Only the timer's duration depends on lastSuccessAt (replay does not compare durations).
    // While an update is still running the entity cannot end anyway: wait a whole idle period
    // then, rather than spin on short timers until the update is done.
    const idleMs = input.idleTimeoutMs ?? DEFAULT_IDLE_MS;
    const idleLeft = allHandlersFinished() ? lastSuccessAt + idleMs - Date.now() : idleMs;
    const gotOrder = await condition(() => handled !== seen, Math.max(1, idleLeft));
    if (!gotOrder && allHandlersFinished()) break;
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof userContactWorkflow>({ ...input, contactId, dealsByOrder });
    }
  }
  await condition(allHandlersFinished);
}
