import { defineSignal } from '@temporalio/workflow';
import type { Subscription } from '../../company1/order-schemas';
import type { OrderStatus } from '../../company1/order-status';

/** Company 1's `subscription` field, as the order workflow sends it. */
export type SubscriptionStatus = Subscription;

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
  /** customer: the workflow's own move of the deal for a customer's cancel (stage 3). */
  source: 'webhook' | 'digital-pipeline' | 'reconciliation' | 'customer';
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
  /** Send Company 1 the subscription status. */
  subscription?: boolean;
  /** Each move of the deal into the stage is one more lesson of the package used. */
  lessonPassed?: boolean;
  /** The stage ends the order's workflow (Success, Refusal). */
  ends?: boolean;
}

/** A service sold as a package of lessons (config/services.json). */
export interface LessonPackage {
  lessons: number;
  validityDays: number;
}

export interface DealStageRules {
  pipelineId: number;
  /** By amoCRM status id (as a string key: this travels as JSON). */
  byStatusId: Record<string, DealStageRule>;
  /**
   * What the subscription status is made of (absent in rules a released worker handed out).
   * packages: by service id; dealFields: deal custom field ids whose values win, null where not kept.
   */
  subscription?: {
    packages: Record<string, LessonPackage>;
    dealFields: { lessonsTotal: number | null; lessonsUsed: number | null; validUntil: number | null };
  };
}

/** Stage 2's view of the deal, part of the `state` query. */
export interface DealProgress {
  statusId?: number;
  stageName?: string;
  /** amoCRM's modification time of the newest event applied (unix seconds). */
  modifiedAt?: number;
  cost?: number;
  paid?: boolean;
  /** amoCRM's time of the move that marked the order paid (unix seconds): the package is valid from then. */
  paidAt?: number;
  /** Moves into a lessonPassed stage (each one lesson of the package). */
  lessonsPassed?: number;
  /** The subscription status last sent to Company 1. */
  subscription?: SubscriptionStatus;
  /** The event whose actions are under way (carried by continue-as-new, so the next run finishes them). */
  applying?: string;
  /** Events seen, so duplicates change nothing: `<statusId>@<modifiedAt>`. */
  seen: string[];
}
