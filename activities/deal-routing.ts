import type { Client } from '@temporalio/client';
import { orderIdFromWorkflowId } from '../workflows/ids';

export interface DealRoutingDeps {
  client: Client;
  /** The order workflows' queue: only this deployment's orders are candidates (one amoCRM account). */
  ordersTaskQueue: string;
}

/** Finds the order of an amoCRM deal by the AmoLeadId search attribute its workflow set. */
export function createDealRoutingActivities({ client, ordersTaskQueue }: DealRoutingDeps) {
  return {
    async findOrderOfDeal(leadId: number): Promise<string | null> {
      const query = `WorkflowType = "orderWorkflow" AND TaskQueue = "${ordersTaskQueue}" AND AmoLeadId = ${Math.trunc(leadId)}`;
      let closed: string | null = null;
      for await (const wf of client.workflow.list({ query, pageSize: 10 })) {
        const orderId = orderIdFromWorkflowId(wf.workflowId);
        if (!orderId) continue;
        if (wf.status.name === 'RUNNING') return orderId;
        closed ??= orderId;
      }
      return closed;
    },
  };
}

export type DealRoutingActivities = ReturnType<typeof createDealRoutingActivities>;
