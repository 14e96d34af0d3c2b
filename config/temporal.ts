import * as z from 'zod';
import { durationMs } from './duration';
import { bool, hostPort, optionalText, port, positiveInt, positiveNumber } from './fields';

// Temporal connection and the embedded dev server. Task-queue and namespace
// names live here and nowhere else.
export const temporalEnv = {
  TEMPORAL_ADDRESS: hostPort.optional().describe('host:port of an existing Temporal frontend. Unset: `npm start` runs the embedded dev server and uses it.'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default').describe('Temporal namespace.'),
  TEMPORAL_API_KEY: optionalText.describe('API key for Temporal Cloud (implies TLS).'),
  TEMPORAL_TLS: bool.default(false).describe('Use TLS to reach the Temporal frontend (true when a client cert or API key is given).'),
  TEMPORAL_TLS_CERT_PATH: optionalText.describe('mTLS client certificate (PEM file).'),
  TEMPORAL_TLS_KEY_PATH: optionalText.describe('mTLS client private key (PEM file).'),
  TEMPORAL_TLS_CA_PATH: optionalText.describe('CA bundle for the server certificate (PEM file), if not a public CA.'),
  TEMPORAL_TLS_SERVER_NAME: optionalText.describe('TLS server name override.'),
  TEMPORAL_NAMESPACE_RETENTION: durationMs
    .prefault('30d')
    .refine((ms) => ms >= 86_400_000, 'expected at least 1d (Temporal\'s minimum retention)')
    .describe("How long a finished order's history stays in Temporal (Web UI, `orders status`). Applied by `npm run cluster:setup`; the dev server keeps 24 h."),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('orders').describe('Task queue of the order workflows and Company 1 activities.'),
  TEMPORAL_AMOCRM_TASK_QUEUE: z.string().min(1).default('amocrm').describe('Task queue of the rate-limited amoCRM activities.'),
  AMOCRM_TASK_QUEUE_RATE: positiveNumber
    .default(40)
    .describe("Server-side limit of amoCRM activity attempts per second on the amocrm queue: a pre-filter that keeps waiting attempts in Temporal. amoCRM's 7/s itself is held by the account coordinator (AMOCRM_REQUESTS_PER_SECOND). Deal creates share requests (AMOCRM_BATCH_SIZE), so attempts outnumber requests: keep this well above the request rate (at 0.7 requests per order, 7/s serves 10 orders/s, about 17 attempts/s), or the queue (split across its partitions) becomes the bottleneck."),
  WORKER_MAX_CACHED_WORKFLOWS: positiveInt
    .optional()
    .describe("Workflows a worker keeps in memory between their tasks (the SDK's sticky cache); an evicted one is replayed from its history on its next task. Unset: the SDK's default, from the process's heap size."),
  TEMPORAL_CLI: optionalText.describe('Path of the `temporal` CLI binary. Unset: `temporal` on PATH, else a build in .tools/bin.'),
  DEV_SERVER_IP: z.string().default('127.0.0.1').describe('Address the embedded dev server binds to.'),
  DEV_SERVER_PORT: port.default(7233).describe('Frontend (gRPC) port of the embedded dev server.'),
  DEV_SERVER_UI_PORT: port.default(8233).describe('Web UI port of the embedded dev server.'),
  DEV_SERVER_DB: z.string().default('.data/temporal.sqlite').describe('SQLite file of the embedded dev server (`npm start`); tests use memory.'),
};

type TemporalEnv = z.infer<z.ZodObject<typeof temporalEnv>>;

export function temporalSection(env: TemporalEnv) {
  const tls = env.TEMPORAL_TLS || Boolean(env.TEMPORAL_API_KEY || env.TEMPORAL_TLS_CERT_PATH);
  return {
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    retentionMs: env.TEMPORAL_NAMESPACE_RETENTION,
    apiKey: env.TEMPORAL_API_KEY,
    tls: tls
      ? { certPath: env.TEMPORAL_TLS_CERT_PATH, keyPath: env.TEMPORAL_TLS_KEY_PATH, caPath: env.TEMPORAL_TLS_CA_PATH, serverName: env.TEMPORAL_TLS_SERVER_NAME }
      : undefined,
    taskQueues: { orders: env.TEMPORAL_TASK_QUEUE, amocrm: env.TEMPORAL_AMOCRM_TASK_QUEUE },
    amocrmActivitiesPerSecond: env.AMOCRM_TASK_QUEUE_RATE,
    maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
    cliPath: env.TEMPORAL_CLI,
    devServer: { ip: env.DEV_SERVER_IP, port: env.DEV_SERVER_PORT, uiPort: env.DEV_SERVER_UI_PORT, dbFile: env.DEV_SERVER_DB },
  };
}
