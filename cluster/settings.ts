import * as z from 'zod';
import { hostPort, port } from '../config/fields';

// Settings of the local production-like cluster (`npm run cluster`, `npm run test:cluster`):
// where PostgreSQL is and which databases the Temporal server keeps its state in.
const ClusterEnv = z.object({
  CLUSTER_PG_HOST: z.string().min(1).default('127.0.0.1').describe('PostgreSQL host.'),
  CLUSTER_PG_PORT: port.default(5432).describe('PostgreSQL port.'),
  CLUSTER_PG_USER: z.string().min(1).default('temporal').describe('PostgreSQL role of the Temporal server (created when run as root on a local PostgreSQL).'),
  CLUSTER_PG_PASSWORD: z.string().min(1).default('temporal').describe('Its password.'),
  CLUSTER_DB: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, 'expected a lower-case SQL name')
    .default('temporal')
    .describe('Database of the server\'s state; its visibility database is the same name + "_visibility".'),
  CLUSTER_FRONTEND: hostPort.default('127.0.0.1:7233').describe('Frontend (gRPC) address the server listens on.'),
});

export type ClusterSettings = ReturnType<typeof clusterSettings>;

export function clusterSettings(env: NodeJS.ProcessEnv = process.env) {
  const parsed = ClusterEnv.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Cluster settings are invalid:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    postgres: { host: e.CLUSTER_PG_HOST, port: e.CLUSTER_PG_PORT, user: e.CLUSTER_PG_USER, password: e.CLUSTER_PG_PASSWORD },
    databases: { main: e.CLUSTER_DB, visibility: `${e.CLUSTER_DB}_visibility` },
    frontend: e.CLUSTER_FRONTEND,
  };
}

export type PostgresSettings = ClusterSettings['postgres'];
