import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Worker } from '@temporalio/worker';
import { AmoClient } from '../../amocrm';
import { AmocrmAccount, amocrmAccountOf } from '../../coordination/amocrm-account';
import { RequestShareLease } from '../../coordination/request-share-lease';
import { buildWebhookApp } from '../../webhooks/app';
import type { OrderStartSettings } from '../../client/order-start';
import { Company1Client } from '../../company1/client';
import { loadServiceCatalog } from '../../config/services';
import { createLogger } from '../../logging/logger';
import { startAmoSandbox, type AmoSandbox, type AmoSandboxOptions, type RateLimitSettings } from '../../sandbox/amocrm';
import { Company1SandboxAdmin } from '../../sandbox/company1/admin-client';
import { startCompany1Sandbox } from '../../sandbox/company1/server';
import { loadConfig } from '../../config';
import { createWorkers } from '../../workers/create-workers';
import { lazyDealStageRules } from '../../wiring/deal-stage-rules';
import { resolveDealTarget } from '../../wiring/deal-target';
import { after, before } from 'node:test';
import { freePort } from '../../temporal/ports';
import { buildWebviewApp } from '../../web/app';
import { OrderDesk } from '../../web/order-desk';
import { SessionSeal } from '../../web/session';
import { TokenCheck } from '../../web/sign-in';
import { TemporalTokenUses } from '../../web/used-tokens';
import { testTemporal, type TestTemporal } from './temporal';

export const AMO_TOKEN = 'test-amo-token';
/** The tests' own amoCRM client: another integration of the account, so it never eats the worker's 7/s. */
export const SETUP_AMO_TOKEN = 'test-setup-amo-token';
export const COMPANY1_API_KEY = 'test-company1-key';
export const NOTIFICATION_SECRET = 'test-notification-secret';
export const WEBVIEW_SESSION_SECRET = 'test-webview-session-secret-0123456789';
export const SERVICES = loadServiceCatalog();

export interface Stage1Options {
  autoCloseAfterMs?: number;
  graceMs?: number;
  recheckEveryMs?: number;
  /** How often an order held up by amoCRM (blocked account) retries. */
  blockedRecheckEveryMs?: number;
  /** Company 1 sandbox stage: 2 switches its auto-close off (orders then never close by themselves). */
  company1Stage?: 1 | 2 | 3;
  amoRateLimit?: RateLimitSettings | false;
  /** More amoCRM sandbox settings (OAuth clients, token lifetimes). */
  amoSandbox?: Omit<AmoSandboxOptions, 'longLivedTokens' | 'rateLimit'>;
  amoRequestsPerSecond?: number;
  amocrmActivitiesPerSecond?: number;
  /** In-process worker: 0 for none (the SDK allows one per queue per process; spawn more with spawnWorker). */
  workers?: 0 | 1;
  /** How long a user's contact entity stays after its last successful order. */
  contactEntityIdleMs?: number;
  /** New orders' stage (2: the deal's stages drive Company 1; the sandbox's webhooks are subscribed; 3: and the webview runs). */
  integrationStage?: 1 | 2 | 3;
  /** Stage 3: the webview's settings. */
  webview?: { bookingsPerHour?: number; cancelWhile?: string[]; sessionTtlMs?: number };
}

export const WEBVIEW_AUDIENCE = 'company2-webview';

export const AMO_WEBHOOK_SECRET = 'test-amo-webhook-secret';

/** What an in-process worker can be (re)started with, like a worker process with other settings. */
export interface WorkerSettings {
  /** amoCRM custom field ids the worker's client writes (a wrong one is a configuration error). */
  amoFields?: { detmirUserId: number; detmirOrderId: number };
}

/** Both sandboxes, the webhook service and N in-process workers, wired as `npm start` wires them. */
export async function startStage1(t: TestTemporal, o: Stage1Options = {}) {
  const cleanup: (() => Promise<void>)[] = [];
  try {
    return await startParts(t, o, cleanup);
  } catch (err) {
    // A half-started harness would keep the test file's process alive.
    for (const close of cleanup.reverse()) await close().catch(() => undefined);
    throw err;
  }
}

async function startParts(t: TestTemporal, o: Stage1Options, cleanup: (() => Promise<void>)[]) {
  const log = createLogger('test', 40);
  const amoSandbox: AmoSandbox = await startAmoSandbox({ ...o.amoSandbox, longLivedTokens: [AMO_TOKEN, SETUP_AMO_TOKEN], rateLimit: o.amoRateLimit });
  cleanup.push(() => amoSandbox.close());
  const startSettings: OrderStartSettings = {
    taskQueue: t.taskQueues.orders,
    amocrmTaskQueue: t.taskQueues.amocrm,
    stage: o.integrationStage ?? 1,
    timings: {
      autoCloseAfterMs: o.autoCloseAfterMs ?? 2_000,
      graceMs: o.graceMs ?? 2_000,
      recheckEveryMs: o.recheckEveryMs ?? 2_000,
      blockedRecheckEveryMs: o.blockedRecheckEveryMs ?? 2_000,
    },
  };
  const webhook = buildWebhookApp({
    client: t.client,
    startSettings,
    company1: { secret: NOTIFICATION_SECRET, toleranceSec: 300 },
    amocrm: { secret: AMO_WEBHOOK_SECRET, detmirOrderFieldId: 932792, taskQueues: t.taskQueues },
    log,
  });
  await webhook.listen({ host: '127.0.0.1', port: 0 });
  cleanup.push(() => webhook.close());
  const webhookUrl = `http://127.0.0.1:${(webhook.server.address() as AddressInfo).port}`;
  // Stage 3: the webview's port is picked first, so the Company 1 sandbox's app page can open it.
  const webviewPort = o.integrationStage === 3 ? await freePort() : undefined;
  const webviewUrl = webviewPort === undefined ? undefined : `http://127.0.0.1:${webviewPort}`;
  const company1Sandbox = await startCompany1Sandbox({
    ...(webviewUrl ? { webviewUrl } : {}),
    apiKey: COMPANY1_API_KEY,
    stage: o.company1Stage ?? 1,
    autoCloseAfterMs: startSettings.timings.autoCloseAfterMs,
    subscribers: [{ url: `${webhookUrl}/company1/notifications`, secret: NOTIFICATION_SECRET }],
    firstOrderId: uniqueOrderIdStart(),
  });
  cleanup.push(() => company1Sandbox.close());
  // The account's coordinator shares amoCRM's limit among the in-process worker and any worker
  // process a test spawns (same sandbox URL, same queue). Started here with the full budget.
  const account = new AmocrmAccount(t.client, { account: amocrmAccountOf(amoSandbox.url), taskQueue: t.taskQueues.orders, requestsPerSecond: o.amoRequestsPerSecond ?? 7 });
  await account.ensureStarted();
  cleanup.push(() => t.client.workflow.getHandle(account.workflowId).terminate('test done').then(() => undefined, () => undefined));
  const amoWith = (w: WorkerSettings & { shared?: boolean; token?: string }) =>
    new AmoClient({ baseUrl: amoSandbox.url, auth: { kind: 'long-lived', token: w.token ?? AMO_TOKEN }, requestsPerSecond: o.amoRequestsPerSecond ?? 7, logger: log, fields: w.amoFields, sharedRateLimit: w.shared });
  // The tests' own client (setup, assertions) has its own token and limit; the worker's takes its share.
  const amo = amoWith({ token: SETUP_AMO_TOKEN });
  const company1 = new Company1Client({ baseUrl: company1Sandbox.url, apiKey: COMPANY1_API_KEY });
  // The production defaults ("Company 2" / "New lead", the queue's rate) unless a test says otherwise.
  const defaults = loadConfig({});
  const dealTarget = await resolveDealTarget(amo, defaults);
  const dealStageRules = lazyDealStageRules(amo, defaults);
  if (o.integrationStage === 2 || o.integrationStage === 3) {
    await dealStageRules();
    await amo.subscribeWebhook(`${webhookUrl}/amocrm/webhooks/${AMO_WEBHOOK_SECRET}`, ['status_lead']);
  }

  let running: { workers: Worker[]; done: Promise<void>; lease: RequestShareLease } | undefined;
  async function stopWorkers() {
    for (const w of running?.workers ?? []) if (w.getState() === 'RUNNING') w.shutdown();
    await running?.done;
    await running?.lease.stop();
    running = undefined;
  }
  /** (Re)starts the in-process worker, e.g. with a corrected configuration. */
  async function startWorkers(w: WorkerSettings = {}) {
    await stopWorkers();
    const workerAmo = amoWith({ ...w, shared: true });
    const lease = new RequestShareLease(account, workerAmo, log);
    const workers = await createWorkers({
      connection: t.workerConnection,
      namespace: t.namespace,
      taskQueues: t.taskQueues,
      amocrmActivitiesPerSecond: o.amocrmActivitiesPerSecond ?? defaults.temporal.amocrmActivitiesPerSecond,
      workflowBundlePath: t.workflowBundlePath,
      client: t.client,
      amo: { amo: workerAmo, dealTarget: () => Promise.resolve(dealTarget) },
      company1: { company1, services: SERVICES },
      startSettings,
      contactEntityIdleMs: o.contactEntityIdleMs,
      dealStageRules,
      identity: 'test-worker',
    });
    running = { workers, done: Promise.all(workers.map((wk) => wk.run())).then(() => undefined), lease };
    lease.start();
  }
  cleanup.push(stopWorkers);
  if (o.workers !== 0) await startWorkers();

  let closeWebview: (() => Promise<void>) | undefined;
  if (webviewPort !== undefined) {
    const webview = buildWebviewApp({
      client: t.client,
      desk: new OrderDesk({ client: t.client, company1, startSettings, catalog: SERVICES, cancelWhile: o.webview?.cancelWhile ?? ['on_approval', 'approved'] }),
      // No cooldown: a test rotates Company 1's key and signs in with the new one at once.
      tokens: new TokenCheck({ jwksUrl: `${company1Sandbox.url}/.well-known/jwks.json`, audience: WEBVIEW_AUDIENCE, jwksCooldownMs: 0 }, new TemporalTokenUses(t.client, t.taskQueues.orders)),
      sessions: new SessionSeal(WEBVIEW_SESSION_SECRET, o.webview?.sessionTtlMs ?? 3_600_000),
      bookingsPerHour: o.webview?.bookingsPerHour ?? 10,
      secureCookies: false,
      log,
    });
    await webview.listen({ host: '127.0.0.1', port: webviewPort });
    closeWebview = () => webview.close();
    cleanup.push(closeWebview);
  }

  return {
    amoSandbox,
    amoAdmin: amoSandbox.admin,
    company1Admin: new Company1SandboxAdmin(company1Sandbox.url),
    company1Url: company1Sandbox.url,
    amo,
    company1,
    dealTarget,
    account,
    startSettings,
    webhookUrl,
    /** Stage 3: the webview. */
    webviewUrl,
    stopWorkers,
    startWorkers,
    async close() {
      await stopWorkers();
      await t.client.workflow.getHandle(account.workflowId).terminate('test done').catch(() => undefined);
      await webhook.close();
      await closeWebview?.();
      await company1Sandbox.close();
      await amoSandbox.close();
    },
  };
}

export type Stage1 = Awaited<ReturnType<typeof startParts>>;

/** Order ids are workflow ids, and test files share one Temporal server: give each sandbox its own range. */
function uniqueOrderIdStart(): number {
  return 1_000_000 + Math.floor(Math.random() * 8_000_000) * 100;
}

export function customerOrder(overrides: { userId?: string; phone?: string; serviceId?: string; cost?: number | null } = {}) {
  const service = SERVICES.find((s) => s.id === overrides.serviceId) ?? SERVICES[0]!;
  return {
    userId: overrides.userId ?? `user-${randomUUID().slice(0, 12)}`,
    customer: { firstName: 'Anna', lastName: 'Ivanova', phone: overrides.phone ?? '+79990001122' },
    service: { id: overrides.serviceId ?? service.id, name: service.name },
    cost: overrides.cost === undefined ? 4900 : overrides.cost,
  };
}

/**
 * Returning users: `n` orders whose users already have a contact in amoCRM (made by someone else),
 * seeded with the sandbox's rate limit off (the seeding is not under test) and its request log cleared.
 */
export async function returningUserOrders(s: Stage1, n: number): Promise<ReturnType<typeof customerOrder>[]> {
  const returning = Array.from({ length: n }, () => customerOrder());
  await withoutAmoRateLimit(s, async () => {
    for (const r of returning) await s.amo.createContact({ ...r.customer, detmirUserId: r.userId });
  });
  await s.amoAdmin.clearRequests();
  return returning;
}

/** Setup work against the amoCRM sandbox with its rate limit off (not under test), then the limit as it was. */
export async function withoutAmoRateLimit(s: Stage1, work: () => Promise<unknown>): Promise<void> {
  const limits = (await s.amoAdmin.rateLimit()).settings;
  await s.amoAdmin.setRateLimit(false);
  try {
    await work();
  } finally {
    await s.amoAdmin.setRateLimit(limits);
  }
}

/**
 * The usual suite setup: a Temporal connection and a stage-1 system before the tests,
 * both closed after them. Read `env.t` / `env.s` inside tests (they are set by then).
 */
export function useStage1(options: Stage1Options = {}): { t: TestTemporal; s: Stage1 } {
  const env = {} as { t: TestTemporal; s: Stage1 };
  before(async () => {
    env.t = await testTemporal();
    env.s = await startStage1(env.t, options);
  });
  after(async () => {
    await env.s?.close();
    await env.t?.close();
  });
  return env;
}
