// Company 1's order API (docs/company1-api.yaml). Every response is validated with the contract's schemas,
// so a body that does not match fails here, typed, instead of somewhere later.
import axios, { type AxiosInstance, type Method } from 'axios';
import type * as z from 'zod';
import { createLogger } from '../logging/logger';
import type { Company1Error } from './errors';
import { badResponse, errorFromResponse, errorFromTransport } from './http-errors';
import { PROBLEM_TYPES, Problem } from './problem';
import { Order, OrderFeedFrame, OrderFeedPage, readFeedItem, type FeedItem, type OrderStatus } from './order-schemas';
import type { NewOrder, OrderFieldsChange } from './request-schemas';
import { company1Requests } from '../metrics/registry';

export interface Company1ClientOptions {
  baseUrl: string;
  apiKey: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

export interface OrderFeedRequest {
  status?: OrderStatus[];
  changedSince?: string;
  cursor?: string;
  limit?: number;
}

/** A feed page read item by item (see readOrderFeed). */
export interface OrderFeedRead {
  items: FeedItem[];
  nextCursor: string | null;
}

export type StatusMoveResult = { outcome: 'moved'; order: Order } | { outcome: 'stale'; currentStatus: OrderStatus };

interface RawResponse {
  status: number;
  data: unknown;
}

const log = createLogger('company1.client');

export class Company1Client {
  private readonly http: AxiosInstance;

  constructor(options: Company1ClientOptions) {
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 10_000,
      headers: { 'X-Api-Key': options.apiKey, Accept: 'application/json' },
      // Statuses are interpreted below, where the problem body is at hand.
      validateStatus: () => true,
      transitional: { clarifyTimeoutError: true },
    });
  }

  async getOrder(orderId: string): Promise<Order> {
    const res = await this.send('getOrder', 'GET', orderPath(orderId));
    return this.expect('getOrder', res, Order);
  }

  /** A feed page that must match the contract as a whole (tools, tests). The poller uses readOrderFeed. */
  async listOrders(q: OrderFeedRequest): Promise<OrderFeedPage> {
    const res = await this.send('listOrders', 'GET', feedPath(q));
    return this.expect('listOrders', res, OrderFeedPage);
  }

  /**
   * A feed page read item by item: an order that does not match the contract comes back as an unreadable
   * item naming its fields (and its id, if usable) instead of failing the page, so the orders after it are
   * still read and the cursor still moves on. A page whose frame is wrong still fails as a bad response.
   */
  async readOrderFeed(q: OrderFeedRequest): Promise<OrderFeedRead> {
    const res = await this.send('listOrders', 'GET', feedPath(q));
    const page = this.expect('listOrders', res, OrderFeedFrame);
    return { items: page.items.map(readFeedItem), nextCursor: page.nextCursor };
  }

  /** A stale `from` is an expected outcome (a retry after a lost response, or someone else moved it), not an error. */
  async moveOrderStatus(orderId: string, from: OrderStatus, to: OrderStatus): Promise<StatusMoveResult> {
    const res = await this.send('moveOrderStatus', 'PATCH', orderPath(orderId), { status: { from, to } });
    if (res.status === 409) {
      const problem = Problem.safeParse(res.data);
      if (problem.success && problem.data.type === PROBLEM_TYPES.staleStatus && problem.data.currentStatus) {
        return { outcome: 'stale', currentStatus: problem.data.currentStatus };
      }
    }
    return { outcome: 'moved', order: this.expect('moveOrderStatus', res, Order) };
  }

  async changeOrder(orderId: string, change: OrderFieldsChange): Promise<Order> {
    const res = await this.send('changeOrder', 'PATCH', orderPath(orderId), change);
    return this.expect('changeOrder', res, Order);
  }

  /** Safe to retry with the same key: Company 1 answers with the order the key first created. */
  async createOrder(order: NewOrder, idempotencyKey: string): Promise<Order> {
    const res = await this.send('createOrder', 'POST', '/v1/orders', order, { 'Idempotency-Key': idempotencyKey });
    return this.expect('createOrder', res, Order);
  }

  private async send(operation: string, method: Method, url: string, data?: unknown, headers?: Record<string, string>): Promise<RawResponse> {
    try {
      const res = await this.http.request<unknown>({ method, url, data, headers });
      company1Requests.inc({ operation, status: String(res.status) });
      return { status: res.status, data: res.data };
    } catch (err) {
      company1Requests.inc({ operation, status: '0' });
      const error = errorFromTransport(operation, err);
      log.warn('Company 1 call failed', { operation, method, url, kind: error.kind });
      throw error;
    }
  }

  private expect<T>(operation: string, res: RawResponse, schema: z.ZodType<T>): T {
    let error: Company1Error;
    if (res.status >= 200 && res.status < 300) {
      const parsed = schema.safeParse(res.data);
      if (parsed.success) return parsed.data;
      error = badResponse(operation, res.status, parsed.error.issues);
    } else {
      error = errorFromResponse(operation, res.status, res.data);
    }
    log.warn('Company 1 call failed', { operation, status: res.status, kind: error.kind, fields: error.fields });
    throw error;
  }
}

function feedPath(q: OrderFeedRequest): string {
  const params = new URLSearchParams();
  for (const s of q.status ?? []) params.append('status', s);
  if (q.changedSince !== undefined) params.set('changedSince', q.changedSince);
  if (q.cursor !== undefined) params.set('cursor', q.cursor);
  if (q.limit !== undefined) params.set('limit', String(q.limit));
  const query = params.toString();
  return `/v1/orders${query ? `?${query}` : ''}`;
}

function orderPath(orderId: string): string {
  return `/v1/orders/${encodeURIComponent(orderId)}`;
}
