import { type AttemptGuard } from './attempt-guard';
import { type AccessTokenSource, LongLivedToken } from './auth/access-token';
import { OAuthSession } from './auth/oauth-session';
import { type OAuthCredentials, TokenEndpoint } from './auth/token-endpoint';
import { type TokenStore } from './auth/token-store';
import { ApiTransport } from './api-transport';
import { createContact, findContactByDetmirUserId, type NewContact } from './contacts';
import { type AmoContext } from './context';
import { addDealNote, dealNoteTexts } from './deal-notes';
import { findDealByDetmirOrderId, getDeal, getDeals } from './deal-reads';
import { createDeal, createDealWithContact, type NewDeal, patchDeal } from './deal-writes';
import { dealLanes } from './deal-batches';
import { amoBatchSize } from '../metrics/registry';
import { AmoError } from './errors';
import { HttpCaller } from './http-caller';
import { type AmoContact, type AmoDeal, type AmoWebhook, type CustomFieldIds } from './model';
import { type PipelineOverrides, resolvePipeline, type ResolvedPipeline } from './pipelines';
import { type Clock } from './clock';
import { RateLimiter } from './rate-limiter';
import { listWebhooks, subscribeWebhook, unsubscribeWebhook } from './webhooks';
import { createLogger, type Logger } from '../logging/logger';

export interface AmoClientOptions {
  /** https://<subdomain>.amocrm.ru (the account host, not www) or the sandbox URL. */
  baseUrl: string;
  auth: { kind: 'long-lived'; token: string } | ({ kind: 'oauth'; tokenStore: TokenStore } & OAuthCredentials);
  fields?: CustomFieldIds;
  tagId?: number;
  /** Client-side cap; amoCRM allows 7/s per integration and blocks accounts that keep exceeding it. */
  requestsPerSecond?: number;
  timeoutMs?: number;
  logger?: Logger;
  /** Extra ms per 1-s window, for clock granularity between us and amoCRM. */
  rateMarginMs?: number;
  /**
   * amoCRM's limit is shared with other processes: nothing is sent until grantRequestShare gives
   * this process its part (see coordination/request-share-lease.ts).
   */
  sharedRateLimit?: boolean;
  /** Most deals one create request carries (POST /leads, up to 250; /leads/complex takes 50 at most). 1: no batching. */
  batchSize?: number;
  clock?: Clock;
}

const DEFAULT_FIELDS: CustomFieldIds = { detmirUserId: 932790, detmirOrderId: 932792 };
const DEFAULT_TAG_ID = 499278;
/** amoCRM's recommended batch size for POST /leads. */
export const DEFAULT_BATCH_SIZE = 50;

// Typed amoCRM API v4 client. One instance per process: its limiter is what keeps all of the
// process's calls under amoCRM's rate limit.
export class AmoClient {
  private readonly http: HttpCaller;
  private readonly ctx: AmoContext;
  private readonly session: OAuthSession | null;
  private readonly limiter: RateLimiter;
  /** HTTP timeout of one request; an attempt stops sending this long before its own deadline. */
  readonly requestTimeoutMs: number;

  constructor(options: AmoClientOptions) {
    const logger = options.logger ?? createLogger('amocrm');
    const rps = options.requestsPerSecond ?? 7;
    const limit = Math.max(1, Math.floor(rps));
    this.limiter = new RateLimiter({ limit, windowMs: (1000 * limit) / rps, marginMs: options.rateMarginMs ?? 5, clock: options.clock, shared: options.sharedRateLimit });
    this.requestTimeoutMs = options.timeoutMs ?? 10_000;
    this.http = new HttpCaller(options.baseUrl, this.requestTimeoutMs, this.limiter, logger);
    this.session = options.auth.kind === 'oauth' ? new OAuthSession(options.auth.tokenStore, new TokenEndpoint(this.http, options.auth), logger) : null;
    const auth: AccessTokenSource = this.session ?? new LongLivedToken(options.auth.kind === 'long-lived' ? options.auth.token : '');
    const api = new ApiTransport(this.http, auth, logger);
    const base = { api, fields: options.fields ?? DEFAULT_FIELDS, tagId: options.tagId ?? DEFAULT_TAG_ID, logger };
    // The lanes send with the client's own transport: a batch belongs to no single attempt.
    const deals = dealLanes(base, options.batchSize ?? DEFAULT_BATCH_SIZE, this.limiter, (path, size) => amoBatchSize.observe({ endpoint: path }, size));
    this.ctx = { ...base, deals };
  }

  /**
   * This client for the requests of one activity attempt: same limiter, tokens and connections,
   * but nothing is sent once the guard says the attempt was abandoned.
   */
  forAttempt(guard: AttemptGuard): AmoClient {
    const view = Object.create(this) as AmoClient;
    // An own `ctx` on a view whose prototype is this client: every operation sees the guarded transport.
    Object.defineProperty(view, 'ctx', { value: { ...this.ctx, api: this.ctx.api.withGuard(guard), guard } });
    return view;
  }

  /** This process's part of amoCRM's limit, for the next `forMs` (a lease from the account's coordinator). */
  grantRequestShare(requests: number, forMs: number): void {
    this.limiter.setShare(requests, forMs);
  }

  /** Requests this process may send in one window right now. */
  get requestsPerWindow(): number {
    return this.limiter.currentLimit;
  }

  /** Total HTTP requests sent (API and OAuth, retries included). */
  get requestCount(): number {
    return this.http.requestCount;
  }

  /** Operator step for OAuth integrations: trade an authorization code for the first token pair. */
  async exchangeAuthCode(code: string): Promise<void> {
    if (!this.session) throw new AmoError('unauthorized', 'exchangeAuthCode needs OAuth settings, not a long-lived token');
    await this.session.exchangeCode(code);
  }

  findContactByDetmirUserId(userId: string): Promise<AmoContact | null> {
    return findContactByDetmirUserId(this.ctx, userId);
  }

  createContact(c: NewContact): Promise<{ contactId: number }> {
    return createContact(this.ctx, c);
  }

  createDeal(d: NewDeal & { contactId: number }): Promise<{ dealId: number }> {
    return createDeal(this.ctx, d);
  }

  createDealWithContact(d: NewDeal & { contact: NewContact }): Promise<{ dealId: number; contactId: number }> {
    return createDealWithContact(this.ctx, d);
  }

  findDealByDetmirOrderId(orderId: string): Promise<AmoDeal | null> {
    return findDealByDetmirOrderId(this.ctx, orderId);
  }

  getDeal(id: number): Promise<AmoDeal | null> {
    return getDeal(this.ctx, id);
  }

  getDeals(ids: number[]): Promise<AmoDeal[]> {
    return getDeals(this.ctx, ids);
  }

  async moveDeal(id: number, to: { pipelineId: number; statusId: number }): Promise<void> {
    await patchDeal(this.ctx, id, { pipeline_id: to.pipelineId, status_id: to.statusId });
  }

  /** Moves the deal and answers amoCRM's modification time of the move (unix seconds), when it says. */
  async moveDealAndTell(id: number, to: { pipelineId: number; statusId: number }): Promise<{ modifiedAt?: number }> {
    return { modifiedAt: await patchDeal(this.ctx, id, { pipeline_id: to.pipelineId, status_id: to.statusId }) };
  }

  addDealNote(leadId: number, text: string): Promise<{ noteId: number }> {
    return addDealNote(this.ctx, leadId, text);
  }

  dealNoteTexts(leadId: number): Promise<string[]> {
    return dealNoteTexts(this.ctx, leadId);
  }

  async updateDealPrice(id: number, price: number): Promise<void> {
    await patchDeal(this.ctx, id, { price });
  }

  resolvePipeline(name: string, overrides?: PipelineOverrides): Promise<ResolvedPipeline> {
    return resolvePipeline(this.ctx, name, overrides);
  }

  listWebhooks(): Promise<AmoWebhook[]> {
    return listWebhooks(this.ctx);
  }

  subscribeWebhook(destination: string, settings: string[]): Promise<AmoWebhook> {
    return subscribeWebhook(this.ctx, destination, settings);
  }

  unsubscribeWebhook(destination: string): Promise<void> {
    return unsubscribeWebhook(this.ctx, destination);
  }
}
