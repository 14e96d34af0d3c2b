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
