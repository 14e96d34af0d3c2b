// Sends webhooks for lead events: one POST per event and subscription, retried per the
// documented schedule, every attempt recorded for the admin API. Fault injection can drop,
// duplicate or reorder deliveries.
import type { Logger } from '../../logging/logger';
import type { LeadEvent, LeadEventSink } from './events';
import type { FaultState } from './faults';
import type { Store } from './store';
import { type AccountInfo, dpWebhookFields, type FormFields, leadWebhookFields } from './webhook-payload';
import type { WebhookRegistry } from './webhook-registry';
import { DISABLE_WINDOW_MS, InvalidAnswerCounter, isSuccess, retryDelayMs } from './webhook-retry';
import { postForm } from './webhook-transport';

export const REORDER_WINDOW_MS = 100;

export interface WebhookDelivery {
  id: number;
  kind: 'account' | 'dp';
  webhookId: number;
  destination: string;
  event: string; // add_lead, status_lead, update_lead
  leadId: number;
  attempt: number;
  duplicate: boolean;
  outcome: 'pending' | 'success' | 'invalid' | 'dropped' | 'skipped';
  status: number | null;
  error?: string;
  sentAt: number;
  durationMs: number | null;
  body: string;
  fields: Record<string, string>;
}

interface Job {
  kind: 'account' | 'dp';
  hookId: number;
  destination: string;
  event: string;
  leadId: number;
  fields: FormFields;
  duplicate: boolean;
}

export interface DispatcherDeps {
  store: Store;
  registry: WebhookRegistry;
  faults: FaultState;
  account: AccountInfo;
  timeScale: number;
  log: Logger;
}

export class WebhookDispatcher implements LeadEventSink {
  private records: WebhookDelivery[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private inFlight = new Set<AbortController>();
  private reorderBuffer: Job[] = [];
  private readonly invalid: InvalidAnswerCounter;
  private nextId = 1;

  constructor(private readonly deps: DispatcherDeps) {
    this.invalid = new InvalidAnswerCounter(DISABLE_WINDOW_MS * deps.timeScale);
  }

  publish(events: LeadEvent[]): void {
    for (const event of events) {
      const name = `${event.action}_lead`;
      for (const hook of this.deps.registry.list()) {
        if (hook.disabled || !hook.settings.includes(name)) continue;
        const fields = leadWebhookFields(this.deps.store, this.deps.account, event);
        this.enqueue({ kind: 'account', hookId: hook.id, destination: hook.destination, event: name, leadId: event.lead.id, fields, duplicate: false });
      }
      if (event.action !== 'status') continue;
      for (const dp of this.deps.registry.dpHooks()) {
        if (dp.pipeline_id !== null && dp.pipeline_id !== event.lead.pipeline_id) continue;
        if (dp.status_id !== null && dp.status_id !== event.lead.status_id) continue;
        const fields = dpWebhookFields(this.deps.account, event);
        this.enqueue({ kind: 'dp', hookId: dp.id, destination: dp.destination, event: name, leadId: event.lead.id, fields, duplicate: false });
      }
    }
  }

  deliveries(): WebhookDelivery[] {
    return this.records.map((r) => ({ ...r, fields: { ...r.fields } }));
  }

  /** Cancels pending retries and in-flight attempts; used by reset and close. */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    for (const c of this.inFlight) c.abort();
    this.timers.clear();
    this.inFlight.clear();
    this.reorderBuffer = [];
  }

  reset(): void {
    this.stop();
    this.records = [];
    this.invalid.clear();
  }

  private enqueue(job: Job): void {
    const { faults } = this.deps;
    if (faults.rollWebhook('drop')) return void this.record(job, 1, 'dropped');
    const jobs = faults.rollWebhook('duplicate') ? [job, { ...job, duplicate: true }] : [job];
    if (!faults.current.webhooks?.reorder) return jobs.forEach((j) => this.later(0, () => this.attempt(j, 1)));
    if (this.reorderBuffer.length === 0) {
      this.later(REORDER_WINDOW_MS, () => {
        const batch = this.reorderBuffer.reverse();
        this.reorderBuffer = [];
        batch.forEach((j) => void this.attempt(j, 1));
      });
    }
    this.reorderBuffer.push(...jobs);
  }

  private later(ms: number, run: () => unknown): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      Promise.resolve(run()).catch((error: unknown) => this.deps.log.error('webhook delivery crashed', { error }));
    }, ms);
    this.timers.add(timer);
  }

  private record(job: Job, attempt: number, outcome: WebhookDelivery['outcome']): WebhookDelivery {
    const body = new URLSearchParams(job.fields).toString();
    const rec: WebhookDelivery = {
      id: this.nextId++, kind: job.kind, webhookId: job.hookId, destination: job.destination, event: job.event, leadId: job.leadId,
      attempt, duplicate: job.duplicate, outcome, status: null, sentAt: Date.now(), durationMs: null, body, fields: Object.fromEntries(job.fields),
    };
    this.records.push(rec);
    return rec;
  }

  private async attempt(job: Job, attempt: number): Promise<void> {
    const hook = job.kind === 'account' ? this.deps.registry.get(job.hookId) : undefined;
    if (job.kind === 'account' && (!hook || hook.disabled)) return void this.record(job, attempt, 'skipped');
    const rec = this.record(job, attempt, 'pending');
    const controller = new AbortController();
    this.inFlight.add(controller);
    const result = await postForm(job.destination, rec.body, controller.signal);
    this.inFlight.delete(controller);
    Object.assign(rec, { status: result.status, error: result.error, durationMs: Date.now() - rec.sentAt });
    rec.outcome = isSuccess(result.status) ? 'success' : 'invalid';
    if (rec.outcome === 'success' || controller.signal.aborted) return;
    this.deps.log.debug('webhook delivery invalid', { destination: job.destination, status: result.status, attempt });
    // Digital Pipeline hooks are sent once (older docs; newer Kommo docs mention retries: UNCONFIRMED).
    if (job.kind === 'dp') return;
    if (this.invalid.noteInvalid(job.hookId)) return void this.deps.registry.disable(job.hookId);
    const delay = retryDelayMs(attempt + 1, result.status);
    if (delay !== undefined) this.later(delay * this.deps.timeScale, () => this.attempt(job, attempt + 1));
  }
}
