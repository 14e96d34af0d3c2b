import * as z from 'zod';
import type { Order } from '../company1/schemas';
import type { ServiceCatalog } from '../config/services';

// What an order must carry before anything is created in amoCRM. Company 1 is not
// under our control, so its orders are checked here, not trusted.
const PHONE = /^\+?[0-9()\-\s]{5,20}$/;

function intakeSchema(services: ServiceCatalog) {
  const known = new Set(services.map((s) => s.id));
  return z.object({
    userId: z.string().trim().min(1, 'is empty'),
    customer: z.object({
      firstName: z.string().trim().min(1, 'is empty'),
      lastName: z.string().trim(),
      phone: z.string().trim().min(1, 'is empty').regex(PHONE, 'is not a phone number'),
    }),
    service: z.object({
      id: z.string().refine((id) => known.has(id), { message: 'is not a service of Company 2' }),
      name: z.string(),
    }),
  });
}

export interface IntakeOrder {
  orderId: string;
  userId: string;
  customer: { firstName: string; lastName: string; phone: string };
  service: { id: string; name: string };
  status: Order['status'];
  cost: number | null;
  createdAt: string;
  contactId?: number;
  dealId?: number;
  closedByDetmir: boolean;
}

export type IntakeResult = { ok: true; order: IntakeOrder } | { ok: false; problems: string[] };

export function checkIntake(order: Order, services: ServiceCatalog): IntakeResult {
  const parsed = intakeSchema(services).safeParse(order);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`) };
  }
  const info = order.additionalInfo ?? {};
  return {
    ok: true,
    order: {
      orderId: order.id,
      userId: parsed.data.userId,
      customer: parsed.data.customer,
      service: parsed.data.service,
      status: order.status,
      cost: order.cost,
      createdAt: order.createdAt,
      contactId: typeof info.contactId === 'number' ? info.contactId : undefined,
      dealId: typeof info.externalId === 'number' ? info.externalId : undefined,
      closedByDetmir: info.closedByDetmir === true,
    },
  };
}
