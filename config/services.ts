import { resolve } from 'node:path';
import * as z from 'zod';
import { loadJsonFile } from './json-file';

// Company 2's services that Company 1 orders may reference. An order for anything
// else is refused before it reaches amoCRM. A service sold as a package of lessons
// says how many and for how long (stage 2's subscription status, docs/stage2.md).
const Service = z
  .strictObject({
    id: z.string().min(1),
    name: z.string().min(1),
    /** Lessons in the package the customer pays for. */
    lessons: z.int('expected a whole number of lessons').positive('expected at least one lesson').optional(),
    /** Days the package is valid, from the payment. */
    validityDays: z.int('expected a whole number of days').positive('expected at least one day').optional(),
    /** Stage 3, the webview's catalogue: the customer-facing title (default: name), description and price in roubles. */
    title: z.string().min(1).optional(),
    description: z.string().min(1).optional(),
    price: z.number().positive('expected a price above 0').optional(),
    $comment: z.union([z.string(), z.array(z.string())]).optional(),
  })
  .refine((s) => (s.lessons === undefined) === (s.validityDays === undefined), {
    message: 'a package needs both "lessons" and "validityDays" (or neither: no subscription status is sent)',
    path: ['validityDays'],
  });

const ServiceCatalog = z.array(Service).min(1, 'the catalog lists no service');

export type ServiceCatalog = z.infer<typeof ServiceCatalog>;

export const DEFAULT_SERVICES_FILE = resolve(__dirname, 'services.json');

export function loadServiceCatalog(file = DEFAULT_SERVICES_FILE): ServiceCatalog {
  return loadJsonFile('SERVICES_FILE', file, ServiceCatalog);
}
