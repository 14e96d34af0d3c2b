// Company 1's order as its API returns it. Hand-written mirror of docs/company1-api.yaml (components.schemas);
// test/company1/contract.test.ts compares the two so they cannot drift.
// Response objects strip unknown keys (z.object) so a field Company 1 adds later does not break the client;
// request bodies (request-schemas.ts) are strict instead.
import * as z from 'zod';
import { DateTime } from './date-time';
import { ORDER_STATUSES } from './order-status';

export const OrderStatus = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatus>;

export { DateTime };

export const customerFields = { firstName: z.string(), lastName: z.string(), phone: z.string() };
export const Customer = z.object(customerFields);
export type Customer = z.infer<typeof Customer>;

export const serviceFields = { id: z.string(), name: z.string() };
export const Service = z.object(serviceFields);
export type Service = z.infer<typeof Service>;

export const SUBSCRIPTION_STATES = ['active', 'frozen', 'expired', 'cancelled'] as const;
export const subscriptionFields = {
  state: z.enum(SUBSCRIPTION_STATES),
  lessonsTotal: z.int().nonnegative(),
  lessonsUsed: z.int().nonnegative(),
  validUntil: DateTime.nullable(),
};
export const Subscription = z.object(subscriptionFields);
export type Subscription = z.infer<typeof Subscription>;

/** Free-form by design: other systems write their own keys here, so updates merge key by key. */
export const AdditionalInfo = z.looseObject({
  contactId: z.number().optional(),
  externalId: z.number().optional(),
  closedByDetmir: z.boolean().optional(),
});
export type AdditionalInfo = z.infer<typeof AdditionalInfo>;

export const Cost = z.number().nonnegative();

export const Order = z.object({
  id: z.string(),
  userId: z.string(),
  customer: Customer,
  service: Service,
  status: OrderStatus,
  cost: Cost.nullable(),
  paid: z.boolean(),
  subscription: Subscription.nullable(),
  additionalInfo: AdditionalInfo,
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Order = z.infer<typeof Order>;

export const OrderFeedPage = z.object({
  items: z.array(Order),
  nextCursor: z.string().nullable(),
});
export type OrderFeedPage = z.infer<typeof OrderFeedPage>;

// The feed read item by item: one order Company 1 got wrong must not hide the orders after it. The page's
// frame (items, nextCursor) is still checked as a whole; each item is then an order, or an unreadable item
// naming its fields and, when it still has one, the order's id.
export const OrderFeedFrame = z.object({ items: z.array(z.unknown()), nextCursor: z.string().nullable() });

/** An id usable as a workflow id even when the rest of the order does not match the contract. */
export const OrderReference = z.object({ id: z.string().regex(/^\S{1,200}$/) });

export interface UnreadableOrder {
  /** Absent when the item carries no usable id. */
  orderId?: string;
  /** Dot paths into the order, e.g. `status`, `customer.phone`. */
  fields: string[];
}

export type FeedItem = { ok: true; order: Order } | ({ ok: false } & UnreadableOrder);

export function readFeedItem(item: unknown): FeedItem {
  const parsed = Order.safeParse(item);
  if (parsed.success) return { ok: true, order: parsed.data };
  const fields = [...new Set(parsed.error.issues.map((i) => i.path.map(String).join('.') || '(item)'))];
  const ref = OrderReference.safeParse(item);
  return ref.success ? { ok: false, orderId: ref.data.id, fields } : { ok: false, fields };
}
