// Typed client of the sandbox admin API (/__sandbox/), so tests can drive the sandbox
// without knowing its URLs. Type-only imports: loading this does not load the server.
import type { Faults } from './faults';
import type { RateLimitSettings } from './options';
import type { renderCompany, renderContact, renderLead } from './render';
import type { RequestLogEntry, RequestStats } from './request-log';
import type { WebhookDelivery } from './webhook-delivery';
import type { DpHook } from './webhook-registry';

export type AdminContact = ReturnType<typeof renderContact>;
export type AdminLead = ReturnType<typeof renderLead>;
export type AdminCompany = ReturnType<typeof renderCompany>;
export type { Faults, RequestLogEntry, RequestStats, WebhookDelivery, DpHook, RateLimitSettings };

export class AmoSandboxAdmin {
  constructor(private readonly baseUrl: string) {}

  /** Moves a deal as a manager would (fires status_lead/update_lead webhooks). Status by id or name. */
  moveDeal(leadId: number, status: number | string, pipeline?: number | string): Promise<AdminLead> {
    return this.call('POST', `leads/${leadId}/move`, { status, pipeline });
  }

  contacts(): Promise<AdminContact[]> {
    return this.call('GET', 'contacts');
  }

  leads(): Promise<AdminLead[]> {
    return this.call('GET', 'leads');
  }

  companies(): Promise<AdminCompany[]> {
    return this.call('GET', 'companies');
  }

  requests(): Promise<RequestLogEntry[]> {
    return this.call('GET', 'requests');
  }

  requestStats(): Promise<RequestStats> {
    return this.call('GET', 'requests/stats');
  }

  /** A manager deletes the contact: its deals stay, unlinked; its id is unknown from now on. */
  async deleteContact(id: number): Promise<void> {
    await this.call('DELETE', `contacts/${id}`);
  }

  /** A manager merges the contact into another: its deals move to the survivor; its id is unknown from now on. */
  mergeContact(id: number, into: number): Promise<AdminContact> {
    return this.call('POST', `contacts/${id}/merge-into/${into}`);
  }

  async clearRequests(): Promise<void> {
    await this.call('DELETE', 'requests');
  }

  async setFaults(faults: Faults): Promise<void> {
    await this.call('PUT', 'faults', faults);
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', 'faults');
  }

  /** Back to seed data; clears webhooks, deliveries, faults, limits, block and the request log. */
  async reset(): Promise<void> {
    await this.call('POST', 'reset');
  }

  async unblock(): Promise<void> {
    await this.call('POST', 'unblock');
  }

  async setRateLimit(settings: RateLimitSettings | false): Promise<void> {
    await this.call('PUT', 'rate-limit', settings);
  }

  rateLimit(): Promise<{ settings: RateLimitSettings | false; blocked: boolean }> {
    return this.call('GET', 'rate-limit');
  }

  /** Unpaid account (402 on writes) when false. */
  async setAccountPaid(paid: boolean): Promise<void> {
    await this.call('PUT', 'account', { paid });
  }

  /** An authorization code as the "Keys" tab would give it (default expiry 20 min). */
  issueAuthCode(clientId: string, ttlSeconds?: number): Promise<{ code: string; expires_at: number }> {
    return this.call('POST', 'oauth/codes', { clientId, ttlSeconds });
  }

  /** A signed access token without the OAuth dance; ttlSeconds 0 gives an already expired one. */
  issueAccessToken(options: { clientId?: string; ttlSeconds?: number } = {}): Promise<{ access_token: string; expires_at: number }> {
    return this.call('POST', 'oauth/access-tokens', options);
  }

  webhookDeliveries(): Promise<WebhookDelivery[]> {
    return this.call('GET', 'webhooks/deliveries');
  }

  /** A Digital Pipeline "send webhook" automation; it posts the minimal DP payload on stage changes. */
  addDpHook(hook: { destination: string; pipelineId?: number | null; statusId?: number | null }): Promise<DpHook> {
    return this.call('POST', 'dp-hooks', hook);
  }

  async clearDpHooks(): Promise<void> {
    await this.call('DELETE', 'dp-hooks');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}/__sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox admin ${method} ${path} failed: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
