// Bodies of the sandbox's admin API (/__sandbox), shared by the routes and the typed admin client.
import * as z from 'zod';
import { Cost } from '../../company1/schemas';

// Deliberately permissive in values (empty phone, empty userId, any service id): Company 1 may really send
// such orders and the integration has to defend itself. Only structural garbage is refused.
export const SandboxOrderInput = z.strictObject({
  userId: z.string(),
  customer: z.strictObject({ firstName: z.string(), lastName: z.string(), phone: z.string() }),
  service: z.strictObject({ id: z.string(), name: z.string() }),
  cost: Cost.nullable().optional(),
});
export type SandboxOrderInput = z.infer<typeof SandboxOrderInput>;

export const SandboxStage = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const StageSettings = z.strictObject({
  stage: SandboxStage,
  autoCloseAfterMs: z.int().min(0).optional(),
});
export type StageSettings = z.infer<typeof StageSettings>;

export const SubscriberInput = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  secret: z.string().min(1),
});
export type SubscriberInput = z.infer<typeof SubscriberInput>;
