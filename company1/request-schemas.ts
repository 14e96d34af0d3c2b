// Request bodies and query of Company 1's order API. Strict: an unknown key is a 400 naming it, at every
// level except additionalInfo (which is open by design).
import * as z from 'zod';
import { AdditionalInfo, Cost, DateTime, OrderStatus, customerFields, serviceFields, subscriptionFields } from './order-schemas';

export const StatusMove = z.strictObject({ from: OrderStatus, to: OrderStatus });
export type StatusMove = z.infer<typeof StatusMove>;

export const OrderChange = z.strictObject({
  status: StatusMove.optional(),
  cost: Cost.optional(),
  paid: z.boolean().optional(),
  subscription: z.strictObject(subscriptionFields).nullable().optional(),
  additionalInfo: AdditionalInfo.optional(),
});
export type OrderChange = z.infer<typeof OrderChange>;
/** Everything a PATCH can change except the status. */
export type OrderFieldsChange = Omit<OrderChange, 'status'>;

export const NewOrder = z.strictObject({
  userId: z.string().min(1),
  customer: z.strictObject(customerFields),
  service: z.strictObject(serviceFields),
  cost: Cost.nullable().optional(),
  additionalInfo: AdditionalInfo.optional(),
});
export type NewOrder = z.infer<typeof NewOrder>;

export const FEED_LIMIT_MAX = 200;
export const FEED_LIMIT_DEFAULT = 50;

/** GET /v1/orders query as the server sees it (`status` repeats, so it may arrive as one value or many). */
export const OrderFeedQuery = z.strictObject({
  status: z.preprocess((v) => (v === undefined ? v : [v].flat()), z.array(OrderStatus)).optional(),
  changedSince: DateTime.optional(),
  cursor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(FEED_LIMIT_MAX).optional(),
});
export type OrderFeedQuery = z.infer<typeof OrderFeedQuery>;
