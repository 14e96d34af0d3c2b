// Webhook subscriptions (/api/v4/webhooks) and Digital Pipeline hooks (admin-registered:
// in amoCRM they are stage automations configured in the UI, not an API resource).
import { SEED_ACCOUNT_ID, SEED_USER_ID } from './seed';

export const WEBHOOK_SETTINGS = [
  ...['lead', 'contact', 'company'].flatMap((e) => ['add', 'update', 'delete', 'restore', 'status', 'responsible', 'note'].map((a) => `${a}_${e}`)),
  ...['add', 'update', 'delete', 'responsible', 'note'].map((a) => `${a}_customer`),
  ...['add', 'update', 'delete', 'responsible'].map((a) => `${a}_task`),
  'add_talk', 'update_talk', 'add_chat_template_review', 'add_message', 'add_outgoing_message',
];

export const MAX_WEBHOOKS = 100;

export interface Webhook {
  id: number;
  destination: string;
  created_at: number;
  updated_at: number;
  account_id: number;
  created_by: number;
  sort: number;
  disabled: boolean;
  settings: string[];
}

export interface DpHook {
  id: number;
  destination: string;
  /** Fire only when a lead enters this pipeline / status; null = any. */
  pipeline_id: number | null;
  status_id: number | null;
}

const now = () => Math.floor(Date.now() / 1000);

export class WebhookRegistry {
  private hooks: Webhook[] = [];
  private dp: DpHook[] = [];
  private nextId = 1;

  list(destination?: string): Webhook[] {
    return this.hooks.filter((h) => destination === undefined || h.destination === destination).map((h) => ({ ...h, settings: [...h.settings] }));
  }

  get(id: number): Webhook | undefined {
    return this.hooks.find((h) => h.id === id);
  }

  get count(): number {
    return this.hooks.length;
  }

  /** Upsert by destination; saving a disabled hook re-enables it (the UI's "enable and save"). */
  upsert(destination: string, settings: string[], sort: number | undefined): Webhook {
    const existing = this.hooks.find((h) => h.destination === destination);
    if (existing) {
      Object.assign(existing, { settings: [...settings], sort: sort ?? existing.sort, disabled: false, updated_at: now() });
      return { ...existing };
    }
    const hook: Webhook = {
      id: this.nextId++, destination, created_at: now(), updated_at: now(), account_id: SEED_ACCOUNT_ID,
      created_by: SEED_USER_ID, sort: sort ?? 1, disabled: false, settings: [...settings],
    };
    this.hooks.push(hook);
    return { ...hook };
  }

  remove(destination: string): boolean {
    const before = this.hooks.length;
    this.hooks = this.hooks.filter((h) => h.destination !== destination);
    return this.hooks.length < before;
  }

  disable(id: number): void {
    const hook = this.get(id);
    if (hook) hook.disabled = true;
  }

  addDpHook(destination: string, pipelineId: number | null, statusId: number | null): DpHook {
    const hook: DpHook = { id: this.nextId++, destination, pipeline_id: pipelineId, status_id: statusId };
    this.dp.push(hook);
    return { ...hook };
  }

  dpHooks(): DpHook[] {
    return this.dp.map((h) => ({ ...h }));
  }

  clearDpHooks(): void {
    this.dp = [];
  }

  reset(): void {
    this.hooks = [];
    this.dp = [];
    this.nextId = 1;
  }
}
