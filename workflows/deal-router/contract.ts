import { defineSignal } from '@temporalio/workflow';
import type { DealChange } from '../order/deal-contract';

// A deal change whose order the webhook could not name (a Digital Pipeline hook carries ids only,
// an update may lack the custom fields) is handed to this workflow, one per deal
// (`amocrm-deal-<leadId>`), durably: it finds the order and forwards the change to it.

export interface DealRouterInput {
  leadId: number;
  amocrmTaskQueue: string;
  /** The pipeline our deals live in: a deal elsewhere is not ours. */
  pipelineId?: number;
  /** Known already (continue-as-new). */
  orderId?: string;
}

export type DealRouting =
  | { outcome: 'forwarded'; orderId: string; changes: number }
  | { outcome: 'not-ours'; reason: string; changes: number }
  | { outcome: 'order-not-running'; orderId: string; changes: number };

export const routeDealChangeSignal = defineSignal<[DealChange]>('routeDealChange');
