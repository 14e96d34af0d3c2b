// The `corruptOrders` fault: Company 1 serving one order with a field its contract does not allow (a status it
// added without telling partners, a cost sent as a string, a missing id). The store keeps the true order; only
// what goes out is changed: every /v1 answer carrying the order (read, feed, change, create) and every
// notification about it. The admin API (/__sandbox) keeps showing the truth.
import * as z from 'zod';
import { Order } from '../../company1/schemas';

/** Every field path of an order, nested objects included (`status`, `customer.phone`, `additionalInfo.externalId`). */
function fieldPaths(shape: z.ZodRawShape, prefix = ''): string[] {
  return Object.entries(shape).flatMap(([key, schema]) => {
    const path = `${prefix}${key}`;
    return schema instanceof z.ZodObject ? [path, ...fieldPaths(schema.shape, `${path}.`)] : [path];
  });
}

export const ORDER_FIELD_PATHS = fieldPaths(Order.shape) as [string, ...string[]];

export const OrderCorruption = z.strictObject({
  orderId: z.string().min(1),
  field: z.enum(ORDER_FIELD_PATHS),
  /** Any JSON value; `null` for a field that is not nullable, a string where a number belongs, … */
  value: z.json(),
});
export type OrderCorruption = z.infer<typeof OrderCorruption>;

/** The order as Company 1 sends it out: the true order unless a corruption names it. */
export function servedOrder(order: Order, corruptions: readonly OrderCorruption[] = []): unknown {
  const mine = corruptions.filter((c) => c.orderId === order.id);
  if (mine.length === 0) return order;
  const served = structuredClone(order) as Record<string, unknown>;
  for (const { field, value } of mine) {
    // Paths only lead through objects every order has (customer, service, additionalInfo).
    const keys = field.split('.');
    const last = keys.pop()!;
    const target = keys.reduce((parent, key) => parent[key] as Record<string, unknown>, served);
    target[last] = value;
  }
  return served;
}
