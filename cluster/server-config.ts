import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freeFixedPort } from '../temporal/ports';
import { SERVER_DYNAMIC_CONFIG } from '../temporal/server-dynamic-config';
import type { ClusterSettings } from './settings';

export interface ServerPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  /** Membership (ringpop) ports, one per service. */
  membership: { frontend: number; history: number; matching: number; worker: number };
  /** The server's own Prometheus metrics (scraped like any production server's). */
  metrics: number;
}

/** `npm run cluster`'s ports: the frontend from the settings, the rest the server's usual ones. */
export function defaultPorts(frontend: number): ServerPorts {
  return {
    frontend,
    frontendHttp: 7243,
    history: 7234,
    matching: 7235,
    worker: 7239,
    membership: { frontend: 6933, history: 6934, matching: 6935, worker: 6939 },
    metrics: 8000,
  };
}

/**
 * Free ports for a second server next to others (the test tier). Membership ports are stored in a
 * PostgreSQL smallint, so every port stays below 32768 (the OS's ephemeral ports are above it).
 */
export async function freeServerPorts(): Promise<ServerPorts> {
  const pick = () => freeFixedPort();
  return {
    frontend: await pick(),
    frontendHttp: await pick(),
    history: await pick(),
    matching: await pick(),
    worker: await pick(),
    membership: { frontend: await pick(), history: await pick(), matching: await pick(), worker: await pick() },
    metrics: await pick(),
  };
}

/**
 * Writes `<root>/config/cluster.yaml` (the server reads `<root>/<config dir>/<env>.yaml`) and an empty
 * dynamic config file: the server's defaults, task-queue partitions included, as a real cluster has.
 */
export function writeServerConfig(root: string, s: ClusterSettings, ports: ServerPorts, host = '127.0.0.1'): { env: string } {
  const store = (database: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName: database,
      connectAddr: `${s.postgres.host}:${s.postgres.port}`,
      connectProtocol: 'tcp',
      user: s.postgres.user,
      password: s.postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = (grpcPort: number, membershipPort: number, extra: Record<string, number> = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnIP: host, ...extra },
  });
  const config = {
    log: { stdout: true, level: 'warn', format: 'json' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      // Fixed for the life of the databases; 4 suits one host (production sizes this for its load).
      numHistoryShards: 4,
      datastores: { 'postgres-default': store(s.databases.main, 10), 'postgres-visibility': store(s.databases.visibility, 4) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: host },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `${host}:${ports.metrics}` } },
    },
    services: {
      frontend: service(ports.frontend, ports.membership.frontend, { httpPort: ports.frontendHttp }),
      history: service(ports.history, ports.membership.history),
      matching: service(ports.matching, ports.membership.matching),
      worker: service(ports.worker, ports.membership.worker),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: { active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `${host}:${ports.frontend}` } },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: join(root, 'config', 'dynamicconfig.yaml'), pollInterval: '10s' },
  };
  mkdirSync(join(root, 'config'), { recursive: true });
  writeFileSync(join(root, 'config', 'cluster.yaml'), stringify(config));
  // The file format: each key holds a list of values with optional constraints; one unconstrained value here.
  const dynamic = Object.fromEntries(Object.entries(SERVER_DYNAMIC_CONFIG).map(([key, value]) => [key, [{ value }]]));
  writeFileSync(join(root, 'config', 'dynamicconfig.yaml'), `# The server's defaults but for temporal/server-dynamic-config.ts.\n${stringify(dynamic)}`);
  return { env: 'cluster' };
}
