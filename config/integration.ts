import * as z from 'zod';
import { durationMs } from './duration';
import { port, optionalText } from './fields';

/** amoCRM gives up on a webhook after 2 s (Company 1 after 5 s): the webhook service answers well inside that. */
// amoCRM gives up on a webhook after 2 s; the deadline leaves time for the network and the answer.
export const DEFAULT_WEBHOOK_TEMPORAL_DEADLINE_MS = 1_000;

// How the integration behaves: stage, the 4-hour rule, the webhook service.
export const integrationEnv = {
  INTEGRATION_STAGE: z.enum(['1', '2', '3']).default('1').transform(Number).describe('Active product stage (1, 2 or 3). Orders in flight keep the stage they started with.'),
  STAGE1_AUTO_CLOSE_AFTER: durationMs.prefault('4h').describe('Stage 1: Company 1 closes its orders this long after creation.'),
  STAGE1_GRACE: durationMs.prefault('15m').describe('Stage 1: extra wait before an order not closed by Company 1 is flagged.'),
  STAGE1_RECHECK_EVERY: durationMs.prefault('30m').describe('Stage 1: how often a flagged order is checked again.'),
  AMOCRM_BLOCKED_RECHECK_EVERY: durationMs.prefault('5m').describe('How often an order waiting on a blocked amoCRM account retries.'),
  AMOCRM_RECONCILE_EVERY: durationMs.prefault('10m').describe("Stage 2: how often every open order's deal stage is compared with amoCRM (lost webhooks are filled in); one amoCRM request per 250 orders."),
  CONTACT_ENTITY_IDLE: durationMs
    .prefault('30d')
    .describe("How long a user's contact entity workflow (which remembers the user's amoCRM contact) stays after its last successful order; a later order starts a new one, which searches amoCRM for the contact again."),
  SERVICES_FILE: optionalText.describe("JSON file of Company 2's services [{id, name}] that orders may reference. Unset: config/services.json."),
  STAGE2_RULES_FILE: optionalText.describe("Stage 2: JSON file of the rules table, amoCRM stage (name or status id) → action on Company 1's order; checked against the pipeline at boot. Unset: config/stage2-rules.json."),
  WEBHOOK_HOST: z.string().default('127.0.0.1').describe('Address the webhook service listens on.'),
  WEBHOOK_PORT: port.default(3000).describe('Port of the webhook service (amoCRM webhooks, Company 1 notifications).'),
  WEBHOOK_TEMPORAL_DEADLINE: durationMs
    .prefault(`${DEFAULT_WEBHOOK_TEMPORAL_DEADLINE_MS}ms`)
    .describe('How long the Temporal calls of one webhook request may take together; past it the answer is a 503 the sender retries. Keep it under the senders\' timeout (amoCRM: 2 s).'),
  WEBHOOK_PUBLIC_URL: optionalText.describe('URL under which amoCRM and Company 1 reach the webhook service (for subscriptions).'),
  SANDBOX_AMOCRM_PORT: port.default(7301).describe('Port of the amoCRM sandbox started by `npm start`.'),
  SANDBOX_COMPANY1_PORT: port.default(7302).describe('Port of the Company 1 sandbox started by `npm start`.'),
  OPS_HOST: z.string().default('127.0.0.1').describe("Address of each process's operations port (/metrics, /livez, /readyz); keep it off the public network."),
  OPS_PORT: port
    .optional()
    .describe('Operations port of this process (0: any free port, logged). Unset: worker 9464, webhook service 9465, webview 9466. Two processes on one host need different ports.'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('Log level of every process.'),
};
