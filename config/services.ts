import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';

// Company 2's services that Company 1 orders may reference. An order for anything
// else is refused before it reaches amoCRM.
const ServiceCatalog = z
  .array(z.object({ id: z.string().min(1), name: z.string().min(1) }))
  .min(1, 'the catalog lists no service');

export type ServiceCatalog = z.infer<typeof ServiceCatalog>;

export const DEFAULT_SERVICES_FILE = resolve(__dirname, 'services.json');

export function loadServiceCatalog(file = DEFAULT_SERVICES_FILE): ServiceCatalog {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`SERVICES_FILE ${file}: ${(err as Error).message}`);
  }
  const parsed = ServiceCatalog.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`SERVICES_FILE ${file}: ${first?.path.join('.') || '(root)'}: ${first?.message}`);
  }
  return parsed.data;
}
