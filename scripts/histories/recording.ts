// What a scenario can do while a released version runs: drive the sandboxes, look at the
// workflows through their wire names (the release's types may differ from ours), and save
// a workflow's history as it stands.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { Company1Client } from '../../company1/client';
import type { AmoSandboxAdmin } from '../../sandbox/amocrm/admin-client';
import type { Company1SandboxAdmin } from '../../sandbox/company1/admin-client';

export interface RecordedHistory {
  workflowId: string;
  runId: string;
  workflowType: string;
  status: string;
  events: number;
  state: string;
}

/** The `state` query of an order workflow, as far as the recorder relies on it. */
export interface OrderStateView {
  phase: string;
  needsAttention: boolean;
  attentionReason?: string;
  dealId?: number;
  contactId?: number;
  orderStatus?: string;
}

export class Recording {
  readonly saved: Record<string, RecordedHistory> = {};

  constructor(
    readonly client: Client,
    readonly amoAdmin: AmoSandboxAdmin,
    readonly amoUrl: string,
    readonly amoToken: string,
    readonly company1Admin: Company1SandboxAdmin,
    readonly company1: Company1Client,
    private readonly outDir: string,
    /** The release's operator CLI (`npm run orders -- …`). */
    readonly ordersCli: (...args: string[]) => string,
  ) {}

  async save(name: string, state: string, workflowId: string, runId?: string): Promise<void> {
    const handle = this.client.workflow.getHandle(workflowId, runId);
    const history = await handle.fetchHistory();
    const description = await handle.describe();
    writeFileSync(join(this.outDir, `${name}.json`), `${historyToJSON(history)}\n`);
    this.saved[name] = {
      workflowId,
      runId: description.runId,
      workflowType: description.type,
      status: description.status.name,
      events: history.events?.length ?? 0,
      state,
    };
    process.stdout.write(`  recorded ${name} (${description.type}, ${description.status.name}, ${history.events?.length} events)\n`);
  }

  async orderState(orderId: string): Promise<OrderStateView> {
    return this.client.workflow.getHandle(`order-${orderId}`).query<OrderStateView>('state');
  }

  async until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const value = await probe();
        if (value !== undefined) return value;
      } catch (err) {
        last = err;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async orderIn(orderId: string, phase: string, extra: (s: OrderStateView) => boolean = () => true): Promise<OrderStateView> {
    return this.until(`order ${orderId} in ${phase}`, async () => {
      const s = await this.orderState(orderId);
      return s.phase === phase && extra(s) ? s : undefined;
    });
  }

  async closed(workflowId: string, runId?: string, timeoutMs?: number): Promise<string> {
    return this.until(
      `${workflowId} to close`,
      async () => {
        const d = await this.client.workflow.getHandle(workflowId, runId).describe();
        return d.status.name === 'RUNNING' ? undefined : d.status.name;
      },
      timeoutMs,
    );
  }

  /** Run ids of a workflow id, oldest first. */
  async runs(workflowId: string): Promise<{ runId: string; status: string }[]> {
    const runs: { runId: string; status: string; start: number }[] = [];
    for await (const wf of this.client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
      runs.push({ runId: wf.runId, status: wf.status.name, start: wf.startTime.getTime() });
    }
    return runs.sort((a, b) => a.start - b.start);
  }

  /** Company 1 closes the order the way its stage-1 auto-close does. */
  async closeAsCompany1(orderId: string): Promise<void> {
    await this.company1.moveOrderStatus(orderId, 'on_approval', 'approved');
    await this.company1.moveOrderStatus(orderId, 'approved', 'in_work');
    await this.company1.moveOrderStatus(orderId, 'in_work', 'executed');
    await this.company1.changeOrder(orderId, { additionalInfo: { closedByDetmir: true } });
  }

  /** Abuses the API from outside the integration until amoCRM blocks the whole account. */
  async blockAmoAccount(): Promise<void> {
    const normal = (await this.amoAdmin.rateLimit()).settings;
    await this.amoAdmin.setRateLimit({ perTokenPerSecond: 1, perAccountPerSecond: 50, blockAfterViolations: 1, violationWindowMs: 60_000 });
    const hit = () => fetch(`${this.amoUrl}/api/v4/leads/pipelines`, { headers: { authorization: `Bearer ${this.amoToken}` } });
    await hit();
    await hit();
    if (!(await this.amoAdmin.rateLimit()).blocked) throw new Error('the amoCRM sandbox did not block the account');
    await this.amoAdmin.setRateLimit(normal);
  }
}
