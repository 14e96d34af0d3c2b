import { defineSignal } from '@temporalio/workflow';
import type { OrderStatus } from '../../company1/order-status';

// Stage 2: amoCRM's deal stages drive Company 1's order. Everything outside the workflow (the
// webhook service, the deal router, the reconciliation) reaches the order through these.

/** What amoCRM said about an order's deal: a webhook, or a reading of the deal. */
export interface DealChange {
  leadId: number;
  statusId: number;
  pipelineId?: number;
  /** The deal's price at the time, when the event carried it. */
  price?: number;
  /** amoCRM's last modification of the deal (unix seconds), when the event carried it. */
  modifiedAt?: number;
  source: 'webhook' | 'digital-pipeline' | 'reconciliation';
}

export const dealChangedSignal = defineSignal<[DealChange]>('dealChanged');

/** What a stage of the pipeline does to Company 1's order (config/stage2-rules.json, resolved to ids). */
export interface DealStageRule {
  stageName: string;
  /** Position in the pipeline: a stage implies the status of the last stage before it that sets one. */
  position: number;
  status?: OrderStatus;
  /** Company 1's `cost` = the deal's price, each time the deal enters the stage. */
  cost?: boolean;
  paid?: boolean;
  /** The stage ends the order's workflow (Success, Refusal). */
  ends?: boolean;
}

export interface DealStageRules {
  pipelineId: number;
  /** By amoCRM status id (as a string key: this travels as JSON). */
  byStatusId: Record<string, DealStageRule>;
}

/** Stage 2's view of the deal, part of the `state` query. */
export interface DealProgress {
  statusId?: number;
  stageName?: string;
  /** amoCRM's modification time of the newest event applied (unix seconds). */
  modifiedAt?: number;
  cost?: number;
  paid?: boolean;
  /** Events seen, so duplicates change nothing: `<statusId>@<modifiedAt>`. */
  seen: string[];
}
