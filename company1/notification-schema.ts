// What Company 1 POSTs to a subscriber when an order is created or changes (the `webhooks:` section of
// docs/company1-api.yaml). Deliveries are signed; see notification-signature.ts.
import * as z from 'zod';
import { DateTime, Order } from './order-schemas';

export const NOTIFICATION_TYPES = ['order.created', 'order.changed'] as const;
export const NotificationType = z.enum(NOTIFICATION_TYPES);
export type NotificationType = z.infer<typeof NotificationType>;

export const OrderNotification = z.object({
  id: z.string().min(1),
  type: NotificationType,
  occurredAt: DateTime,
  order: Order,
});
export type OrderNotification = z.infer<typeof OrderNotification>;

export const TIMESTAMP_HEADER = 'X-Company1-Timestamp';
export const SIGNATURE_HEADER = 'X-Company1-Signature';
export const SIGNATURE_VERSION = 'v1';
export const DEFAULT_TOLERANCE_SEC = 300;
