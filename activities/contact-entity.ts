import { Context } from '@temporalio/activity';
import { type Client, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, TypedSearchAttributes } from '@temporalio/common';
import { DetmirUserId } from '../temporal/search-attributes';
import { ensureContactUpdate, type EnsureContactRequest, type EnsureContactResult } from '../workflows/contact/contract';
import type { userContactWorkflow } from '../workflows/contact/workflow';
import { userContactWorkflowId } from '../workflows/ids';
import { CONTACT_ENTITY_FAILED } from '../failures/types';

/**
 * Temporal's priority key of contact entities (1 first, 3 the default, which orders have). In a burst the
 * orders' workflow tasks back up; an entity's next task schedules an amoCRM search, the one resource that sets
 * the pace, so it goes first. Its amoCRM activities keep the default (workflows/contact/workflow.ts): a strict
 * priority there would hold back the orders' deal creates for as long as new users keep coming.
 */
export const CONTACT_ENTITY_PRIORITY = 1;

export interface ContactEntityDeps {
  client: Client;
  taskQueues: { orders: string; amocrm: string };
  /** How long an entity run stays after its last successful update (default in the workflow: 10 min). */
  idleTimeoutMs?: number;
}

/**
 * Exactly one contact per Company 1 user: every order of a user goes through that
 * user's entity workflow (one per user id, so the server serializes them), reached
 * with update-with-start.
 */
export function createContactEntityActivities({ client, taskQueues, idleTimeoutMs }: ContactEntityDeps) {
  return {
    async ensureContactViaEntity(req: EnsureContactRequest): Promise<EnsureContactResult> {
      const activity = Context.current();
      activity.heartbeat();
      const startWorkflowOperation = new WithStartWorkflowOperation<typeof userContactWorkflow>('userContactWorkflow', {
        workflowId: userContactWorkflowId(req.userId),
        taskQueue: taskQueues.orders,
        args: [{ userId: req.userId, amocrmTaskQueue: taskQueues.amocrm, ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }) }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        priority: { priorityKey: CONTACT_ENTITY_PRIORITY },
        staticSummary: `amoCRM contact of Company 1 user ${req.userId}`,
        typedSearchAttributes: new TypedSearchAttributes([{ key: DetmirUserId, value: req.userId }]),
      });
      // Heartbeats while the entity works, so a crashed worker's attempt is retried within
      // the heartbeat timeout rather than the whole start-to-close timeout.
      const beat = setInterval(() => activity.heartbeat(), 5_000);
      try {
        const update = client.workflow.executeUpdateWithStart(ensureContactUpdate, {
          args: [req],
          startWorkflowOperation,
          // Retries of this activity reuse the update id, so they get the first answer back
          // instead of a second contact; a new try of the order's step is a new update.
          updateId: req.run ? `order-${req.deal.orderId}-${req.run}-try-${req.try}` : `order-${req.deal.orderId}-try-${req.try}`,
        });
        // A cancelled attempt (the worker shuts down, the server gave up on it) stops waiting: the
        // entity carries on with the update, and the next attempt, reusing its id, gets its answer.
        update.catch(() => undefined);
        const result = await Promise.race([update, activity.cancelled]);
        return { ...result, retried: activity.info.attempt > 1 };
      } catch (err) {
        throw failureFromUpdate(err);
      } finally {
        clearInterval(beat);
      }
    },
  };
}

// The entity workflow reports amoCRM failures as ApplicationFailures; keep their type
// and retryability so the order workflow can tell a blocked account from a glitch.
function failureFromUpdate(err: unknown): unknown {
  if (!(err instanceof WorkflowUpdateFailedError)) return err;
  const cause = err.cause;
  if (cause instanceof ApplicationFailure) {
    return ApplicationFailure.create({ message: cause.message, type: cause.type ?? CONTACT_ENTITY_FAILED, nonRetryable: cause.nonRetryable ?? false, cause });
  }
  // Retrying the same update id would only get this failure back: let the order workflow
  // make a new try (a new update) instead.
  return ApplicationFailure.create({ message: err.message, type: CONTACT_ENTITY_FAILED, nonRetryable: true, cause: err });
}

export type ContactEntityActivities = ReturnType<typeof createContactEntityActivities>;
