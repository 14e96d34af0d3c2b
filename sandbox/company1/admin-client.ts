// Typed client for the sandbox's admin API (/__sandbox), for tests, benches and demos.
import axios, { type AxiosInstance } from 'axios';
import * as z from 'zod';
import { Order } from '../../company1/schemas';
import type { SandboxOrderInput, StageSettings } from './admin-schemas';
import type { Faults } from './faults';
import type { DeliveryAttempt } from './notifier';
import type { SandboxStage } from './options';
import type { OrderHistoryEntry } from './order-history';
import type { TokenRequest } from './app-identity';
import type { LoggedRequest } from './request-log';

export type { SandboxOrderInput, StageSettings, Faults, DeliveryAttempt, LoggedRequest, OrderHistoryEntry };

export class Company1SandboxAdmin {
  private readonly http: AxiosInstance;

  constructor(baseUrl: string) {
    this.http = axios.create({ baseURL: `${baseUrl.replace(/\/+$/, '')}/__sandbox`, timeout: 10_000 });
  }

  /** Creates an order as a Company 1 customer would (fires `order.created`). Refused in stage 3. */
  async createOrder(input: SandboxOrderInput): Promise<Order> {
    return Order.parse((await this.http.post('/orders', input)).data);
  }

  /** Stage 3: a token Company 1's app would open the webview with (any user, audience, lifetime, jti). */
  async mintWebviewToken(request: TokenRequest): Promise<string> {
    return z.object({ token: z.string() }).parse((await this.http.post('/webview-tokens', request)).data).token;
  }

  /** Stage 3: Company 1 signs with a new key (new `kid`); the old one stays published. */
  async rotateWebviewKey(): Promise<string> {
    return z.object({ kid: z.string() }).parse((await this.http.post('/webview-keys/rotate', {})).data).kid;
  }

  async orders(): Promise<Order[]> {
    return z.array(Order).parse((await this.http.get('/orders')).data);
  }

  async order(id: string): Promise<Order> {
    return Order.parse((await this.http.get(`/orders/${encodeURIComponent(id)}`)).data);
  }

  /** Every change of the order, oldest first: who made it and what changed. */
  async history(id: string): Promise<OrderHistoryEntry[]> {
    return (await this.http.get<OrderHistoryEntry[]>(`/orders/${encodeURIComponent(id)}/history`)).data;
  }

  async requests(): Promise<LoggedRequest[]> {
    return (await this.http.get<LoggedRequest[]>('/requests')).data;
  }

  async setFaults(faults: Faults): Promise<void> {
    await this.http.post('/faults', faults);
  }

  async clearFaults(): Promise<void> {
    await this.http.delete('/faults');
  }

  async addSubscriber(url: string, secret: string): Promise<void> {
    await this.http.post('/subscribers', { url, secret });
  }

  async notifications(): Promise<DeliveryAttempt[]> {
    return (await this.http.get<DeliveryAttempt[]>('/notifications')).data;
  }

  async setStage(stage: SandboxStage, autoCloseAfterMs?: number): Promise<StageSettings> {
    return (await this.http.post<StageSettings>('/stage', { stage, autoCloseAfterMs })).data;
  }

  async reset(): Promise<void> {
    await this.http.post('/reset', {});
  }
}
