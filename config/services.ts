import { resolve } from 'node:path';
import * as z from 'zod';
import { loadJsonFile } from './json-file';

// Company 2's services that Company 1 orders may reference. An order for anything
// else is refused before it reaches amoCRM.
const ServiceCatalog = z
  .array(z.object({ id: z.string().min(1), name: z.string().min(1) }))
  .min(1, 'the catalog lists no service');

export type ServiceCatalog = z.infer<typeof ServiceCatalog>;

export const DEFAULT_SERVICES_FILE = resolve(__dirname, 'services.json');

export function loadServiceCatalog(file = DEFAULT_SERVICES_FILE): ServiceCatalog {
  return loadJsonFile('SERVICES_FILE', file, ServiceCatalog);
}
