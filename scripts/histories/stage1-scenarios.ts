// The states where stage-1 orders really sit when a deploy meets them, produced by the
// released code and saved as histories. Each history is named by the state it shows.
import { randomUUID } from 'node:crypto';
import type { Recording } from './recording';

const SERVICE = { id: 'c2-trial-lesson', name: 'Trial lesson' };

function customer(userId: string, phone = '+79990001122') {
  return { userId, customer: { firstName: 'Anna', lastName: 'Ivanova', phone }, service: SERVICE, cost: 4900 };
}

const newUser = () => `rec-${randomUUID().slice(0, 8)}`;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A user's orders, one after another: new user (complex create), then returning (createDeal); close and reject. */
async function ordersOfOneUser(r: Recording, userId: string): Promise<void> {
  const first = await r.company1Admin.createOrder(customer(userId));
  await r.orderIn(first.id, 'waiting-for-company1-close');
  await r.save('order-new-user-waiting-for-close', 'new user: notification intake (local activity), contact+deal in one request, ids written back, timer running until the close deadline', `order-${first.id}`);
  const second = await r.company1Admin.createOrder(customer(userId));
  await r.orderIn(second.id, 'waiting-for-company1-close');
  await r.save('order-returning-user-waiting-for-close', "returning user: contact known to the entity, deal created with createDeal, timer running", `order-${second.id}`);
  const third = await r.company1Admin.createOrder(customer(userId));
  await r.orderIn(third.id, 'waiting-for-company1-close');
  await r.save('user-contact-after-several-orders', 'the per-user entity after three orders, waiting for more (idle timer running)', `amocrm-contact-${userId}`);

  await r.closeAsCompany1(first.id);
  await r.closed(`order-${first.id}`);
  await r.save('order-closed-by-company1', 'completed: Company 1 closed the order (notification signal, confirmation read)', `order-${first.id}`);
  await r.company1.moveOrderStatus(second.id, 'on_approval', 'rejected');
  await r.closed(`order-${second.id}`);
  await r.save('order-rejected-by-company1', 'completed: Company 1 rejected the order while we waited for its close', `order-${second.id}`);
}

/** Since the hardening release a long wait continues as new: keep a run that ended that way too. */
async function continuedRun(r: Recording, name: string, state: string, orderId: string): Promise<void> {
  const ended = (await r.runs(`order-${orderId}`)).find((run) => run.status === 'CONTINUED_AS_NEW');
  if (ended) await r.save(name, state, `order-${orderId}`, ended.runId);
}

async function invalidOrder(r: Recording): Promise<void> {
  const order = await r.company1Admin.createOrder(customer(newUser(), ''));
  await r.closed(`order-${order.id}`);
  await r.save('order-invalid-failed', 'failed: the order has no phone (InvalidOrder, flagged, workflow failed)', `order-${order.id}`);
}

async function terminatedAndRestarted(r: Recording): Promise<void> {
  const order = await r.company1Admin.createOrder(customer(newUser()));
  await r.orderIn(order.id, 'waiting-for-company1-close');
  await r.client.workflow.getHandle(`order-${order.id}`).terminate('recording: an operator stopped it');
  r.ordersCli('restart', order.id);
  const runs = await r.until('the restarted run', async () => {
    const all = await r.runs(`order-${order.id}`);
    return all.length === 2 ? all : undefined;
  });
  await r.orderIn(order.id, 'waiting-for-company1-close');
  await r.save('order-restarted-by-operator-waiting', 'operator restart of a terminated order: order read by an activity, ids already written back, timer running', `order-${order.id}`, runs[1]!.runId);
}

/** Enough orders of one user that the entity continues as new (the recorder's dev server suggests it early). */
async function entityContinuedAsNew(r: Recording): Promise<void> {
  const userId = newUser();
  const workflowId = `amocrm-contact-${userId}`;
  for (let i = 0; i < 8 && !(await r.runs(workflowId)).some((run) => run.status === 'CONTINUED_AS_NEW'); i += 1) {
    const order = await r.company1Admin.createOrder(customer(userId));
    await r.until(`deal of order ${order.id}`, async () => ((await r.orderState(order.id)).dealId !== undefined ? true : undefined));
  }
  const runs = await r.runs(workflowId);
  const ended = runs.find((run) => run.status === 'CONTINUED_AS_NEW');
  if (!ended) throw new Error(`${workflowId} did not continue as new; is limit.historyCount.suggestContinueAsNew set low?`);
  await r.save('user-contact-continued-as-new', 'the entity run that continued as new (history long enough)', workflowId, ended.runId);
  const order = await r.company1Admin.createOrder(customer(userId));
  await r.orderIn(order.id, 'waiting-for-company1-close');
  const latest = (await r.runs(workflowId)).at(-1)!;
  await r.save('user-contact-after-continue-as-new', 'the run after continue-as-new (contact and deals carried), after one more order', workflowId, latest.runId);
}

/** Started by the feed (its notification was lost) with the worker's short stage-1 timings: never closed in time. */
async function notClosedInTime(r: Recording, orderId: string, recheckMs: number): Promise<void> {
  // The released code leaves the phase at writing-back when the deadline has passed already.
  await r.until(`order ${orderId} flagged as not closed`, async () => {
    const s = await r.orderState(orderId);
    return s.needsAttention && /has not closed/.test(s.attentionReason ?? '') ? s : undefined;
  });
  await pause(recheckMs * 3);
  await r.save('order-not-closed-in-time-flagged', 'started by the feed poller; not closed by the deadline: flagged, rechecked on a timer', `order-${orderId}`);
  await continuedRun(r, 'order-not-closed-in-time-continued-as-new', 'a run of the flagged order that continued as new while rechecking', orderId);
  await r.closeAsCompany1(orderId);
  await r.closed(`order-${orderId}`);
  await r.save('order-closed-late-after-flag', 'the flagged order, completed once Company 1 closed it late', `order-${orderId}`);
}

async function blockedAccount(r: Recording, recheckMs: number): Promise<void> {
  const userId = newUser();
  await r.blockAmoAccount();
  const order = await r.company1Admin.createOrder(customer(userId));
  await r.orderIn(order.id, 'waiting-for-operator', (s) => /AmoAccountBlocked/.test(s.attentionReason ?? ''));
  await pause(recheckMs * 2.5);
  await r.save('order-blocked-account-flagged', 'amoCRM account blocked: flagged, retried on a timer, still failing', `order-${order.id}`);
  await continuedRun(r, 'order-blocked-account-continued-as-new', 'a run of the blocked order that continued as new while retrying', order.id);
  const forbidden = async () => (await r.amoAdmin.requests()).filter((q) => q.status === 403).length;
  const before = await forbidden();
  await r.client.workflow.getHandle(`order-${order.id}`).signal('retryNow');
  await r.until('the retry the operator asked for', async () => ((await forbidden()) > before ? true : undefined));
  await r.orderIn(order.id, 'waiting-for-operator');
  await r.save('order-blocked-after-retrynow', 'blocked account: an operator retryNow while still blocked, failed again, waiting', `order-${order.id}`);
  await r.amoAdmin.unblock();
  await r.client.workflow.getHandle(`order-${order.id}`).signal('retryNow');
  await r.orderIn(order.id, 'waiting-for-company1-close');
  await r.save('order-blocked-recovered-waiting', 'blocked account lifted, retryNow: deal created, waiting for the close', `order-${order.id}`);
  await r.save('user-contact-with-failed-updates', 'the entity of that user: failed updates while blocked, then a successful one', `amocrm-contact-${userId}`);
}

/** Since the hardening release: every worker shares amoCRM's budget through this coordinator. */
async function accountCoordinator(r: Recording): Promise<void> {
  for await (const wf of r.client.workflow.list({ query: `WorkflowType = "amocrmAccountWorkflow" AND ExecutionStatus = "Running"` })) {
    await r.save('amocrm-account-coordinator', 'the amoCRM account coordinator after every scenario: request-share leases of the worker', wf.workflowId, wf.runId);
    return;
  }
  process.stdout.write('  (this release has no amoCRM account coordinator)\n');
}

/**
 * An order Company 1 serves with a field its contract does not allow, found by the feed. Since the
 * hardening release its workflow reads the order, is flagged naming the field and waits for an
 * operator with no timer; an older release cannot read the feed page at all (no workflow: skipped).
 */
async function waitingForAFix(r: Recording): Promise<void> {
  await r.company1Admin.setFaults({ dropNotifications: 1 });
  const order = await r.company1Admin.createOrder(customer(newUser()));
  await r.company1Admin.setFaults({ corruptOrders: [{ orderId: order.id, field: 'status', value: 'on_hold' }] });
  try {
    await r.until(`order ${order.id} flagged, waiting for an operator`, async () => {
      const s = await r.orderState(order.id);
      return s.needsAttention && s.phase === 'waiting-for-operator' ? s : undefined;
    }, 20_000);
    await r.save('order-waiting-for-a-fix', "Company 1 serves the order with a bad field: flagged naming it, waiting for an operator's retry (no timer)", `order-${order.id}`);
  } catch {
    process.stdout.write('  (this release does not start a workflow for a malformed feed item)\n');
  } finally {
    await r.company1Admin.clearFaults();
  }
}

async function feedPoll(r: Recording): Promise<void> {
  for await (const wf of r.client.workflow.list({ query: `WorkflowType = "feedPollWorkflow" AND ExecutionStatus = "Completed"` })) {
    await r.save('feed-poll-completed', 'one run of the feed poller (started by its schedule)', wf.workflowId, wf.runId);
    return;
  }
  throw new Error('no completed feed poll');
}

/** The entity finishes after its idle time (10 min in the released code); a later order starts a new run. */
async function entityIdleExit(r: Recording, userId: string, idleMs: number): Promise<void> {
  const workflowId = `amocrm-contact-${userId}`;
  const first = (await r.runs(workflowId))[0]!;
  process.stdout.write(`  waiting up to ${Math.round(idleMs / 60_000)} min for ${workflowId} to finish when idle…\n`);
  await r.closed(workflowId, first.runId, idleMs + 120_000);
  await r.save('user-contact-idle-exit', 'the entity after several orders and its idle exit (completed)', workflowId, first.runId);
  const order = await r.company1Admin.createOrder(customer(userId));
  await r.orderIn(order.id, 'waiting-for-company1-close');
  await r.save('order-after-contact-idle-exit-waiting', "a returning user's order after the entity's idle exit: the new entity run finds the contact in amoCRM", `order-${order.id}`);
  await r.save('user-contact-new-run-after-idle-exit', 'the new entity run that found the contact by detmirUserId', workflowId, (await r.runs(workflowId)).at(-1)!.runId);
}

export interface Stage1Timings {
  workerRecheckMs: number;
  blockedRecheckMs: number;
  entityIdleMs: number;
}

/**
 * A backfill (releases that have `orders backfill`): two orders whose notifications were lost, a window of
 * one, so it hands over, checks, and sleeps while the window is full. Started with the client, not the
 * release's CLI: the CLI waits for the end, and would block the sandboxes this process serves meanwhile.
 */
async function backfill(r: Recording): Promise<void> {
  const since = new Date(Date.now() - 1_000).toISOString();
  await r.company1Admin.setFaults({ dropNotifications: 1 });
  for (let i = 0; i < 2; i += 1) await r.company1Admin.createOrder(customer(newUser()));
  await r.company1Admin.clearFaults();
  // The release's wire contract: backfillWorkflow({ since, window, checkEveryMs }) on the orders queue.
  const handle = await r.client.workflow.start('backfillWorkflow', {
    workflowId: `orders-backfill-orders-${since}`,
    taskQueue: 'orders',
    args: [{ since, window: 1, checkEveryMs: 500 }],
  });
  await r.closed(handle.workflowId, undefined, 180_000);
  // The recording server suggests continue-as-new early: keep a run that ended that way too.
  const continued = (await r.runs(handle.workflowId)).find((run) => run.status === 'CONTINUED_AS_NEW');
  if (continued) await r.save('backfill-continued-as-new', 'a backfill run that continued as new, carrying its progress and the orders in flight', handle.workflowId, continued.runId);
  await r.save('backfill-completed', 'a backfill of two orders with a window of one: counted, handed over, checked, slept while full, counted again (completed)', handle.workflowId);
}

export async function recordStage1(r: Recording, t: Stage1Timings, o: { backfill?: boolean } = {}): Promise<void> {
  // The feed must be the only way this order arrives: no notification for it.
  await r.company1Admin.setFaults({ dropNotifications: 1 });
  const unannounced = await r.company1Admin.createOrder(customer(newUser()));
  await r.company1Admin.clearFaults();

  const several = newUser();
  await Promise.all([
    ordersOfOneUser(r, several),
    invalidOrder(r),
    terminatedAndRestarted(r),
    entityContinuedAsNew(r),
    notClosedInTime(r, unannounced.id, t.workerRecheckMs),
  ]);
  // Blocking the account would disturb the others: alone, afterwards.
  await blockedAccount(r, t.blockedRecheckMs);
  await waitingForAFix(r);
  await feedPoll(r);
  await accountCoordinator(r);
  if (o.backfill) await backfill(r);
  await entityIdleExit(r, several, t.entityIdleMs);
}
