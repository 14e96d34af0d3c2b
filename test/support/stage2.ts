import type { WorkflowHandle } from '@temporalio/client';
import { type OrderState, stateQuery } from '../../workflows/order/contract';
import type { orderWorkflow } from '../../workflows/order/workflow';
import { customerOrder, type Stage1 } from './stage1';
import type { TestTemporal } from './temporal';
import { eventually, orderWorkflowHandle } from './wait';

export interface PlacedOrder {
  orderId: string;
  dealId: number;
  handle: WorkflowHandle<typeof orderWorkflow>;
}

/**
 * A new Company 1 order, once its workflow has reached `phase` with its deal created:
 * 'following-deal' (stage 2) or 'waiting-for-company1-close' (stage 1).
 */
export async function orderInPhase(env: { t: TestTemporal; s: Stage1 }, phase: OrderState['phase']): Promise<PlacedOrder> {
  const order = await env.s.company1Admin.createOrder(customerOrder());
  const handle = await orderWorkflowHandle(env.t.client, order.id);
  const state = await eventually(`order ${order.id} in phase ${phase}`, async () => {
    const s = await handle.query(stateQuery);
    return s.phase === phase ? s : undefined;
  });
  return { orderId: order.id, dealId: state.dealId!, handle };
}
