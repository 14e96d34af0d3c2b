import { type Client, WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { sealedTokensQuery } from '../workflows/amocrm-account/contract';
import type { amocrmAccountWorkflow } from '../workflows/amocrm-account/workflow';
import { amocrmAccountWorkflowId } from '../workflows/ids';

export interface AmocrmAccountSettings {
  /** The account's host (`company2.amocrm.ru`), or a sandbox's host:port. */
  account: string;
  /** Where the coordinator workflow runs (the workers' order queue). */
  taskQueue: string;
  requestsPerSecond: number;
}

/** Talks to the account's coordinator workflow (workflows/amocrm-account), starting it on first use. */
export class AmocrmAccount {
  readonly workflowId: string;

  constructor(
    private readonly client: Client,
    readonly settings: AmocrmAccountSettings,
  ) {
    this.workflowId = amocrmAccountWorkflowId(settings.account);
  }

  /**
   * Starts the coordinator if it is not running (no worker needed). Whoever starts it sets the
   * budget (requests per second); a running one keeps its budget across continue-as-new.
   */
  async ensureStarted(): Promise<void> {
    await this.client.workflow.start<typeof amocrmAccountWorkflow>('amocrmAccountWorkflow', this.startOptions());
  }

  /** An update, with the workflow started if it is not running; bounded by `timeoutMs` (retries included), ended early by `signal`. */
  update<Ret, Arg>(update: UpdateDefinition<Ret, [Arg]>, arg: Arg, timeoutMs = 5_000, signal?: AbortSignal): Promise<Ret> {
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof amocrmAccountWorkflow>('amocrmAccountWorkflow', this.startOptions());
    const call = () => this.client.withDeadline(Date.now() + timeoutMs, () => this.client.workflow.executeUpdateWithStart(update, { args: [arg], startWorkflowOperation }));
    return signal ? this.client.withAbortSignal(signal, call) : call();
  }

  private startOptions() {
    return {
      workflowId: this.workflowId,
      taskQueue: this.settings.taskQueue,
      args: [{ requestsPerSecond: this.settings.requestsPerSecond }] as [{ requestsPerSecond: number }],
      workflowIdConflictPolicy: 'USE_EXISTING' as const,
      staticSummary: `amoCRM account ${this.settings.account}: request budget (${this.settings.requestsPerSecond}/s) and OAuth tokens, shared by every worker`,
    };
  }

  async sealedTokens(timeoutMs = 5_000): Promise<string | undefined> {
    try {
      return await this.client.withDeadline(Date.now() + timeoutMs, () => this.client.workflow.getHandle(this.workflowId).query(sealedTokensQuery));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }
}

/** The account key of an amoCRM base URL: its host (with the port, if any). */
export const amocrmAccountOf = (baseUrl: string): string => new URL(baseUrl).host;
