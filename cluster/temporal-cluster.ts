import { Connection } from '@temporalio/client';
import { setupCluster, type ClusterSetupOptions } from '../client/cluster-setup';
import { ensureServerBinaries } from '../temporal/server-binary';
import { ensurePostgres } from './postgres';
import { ensureSchemas } from './schema';
import { startClusterServer, type ClusterServer } from './server';
import { writeServerConfig, type ServerPorts } from './server-config';
import type { ClusterSettings } from './settings';

export interface TemporalClusterOptions {
  settings: ClusterSettings;
  /** Where the server's config is written. */
  root: string;
  ports: ServerPorts;
  setup: ClusterSetupOptions;
  /** Drop the databases first (the test tier starts from an empty cluster). */
  fresh?: boolean;
  log: (line: string) => void;
}

/**
 * The Temporal server on PostgreSQL, as Company 2 would run it: binaries built from the module
 * proxy, PostgreSQL up, schemas set up by the server's own tool, the server started, then our
 * setup command (namespace, search attributes, the amocrm queue) — the same one operators run.
 */
export async function startTemporalCluster(o: TemporalClusterOptions): Promise<{ server: ClusterServer; setupLines: string[] }> {
  const binaries = ensureServerBinaries(o.log);
  await ensurePostgres(o.settings.postgres, o.log);
  o.log(`Setting up the schemas of ${o.settings.databases.main} and ${o.settings.databases.visibility}${o.fresh ? ' (fresh)' : ''}…`);
  ensureSchemas(binaries.sqlTool, o.settings, { fresh: o.fresh });
  const { env } = writeServerConfig(o.root, o.settings, o.ports);
  o.log(`Starting the Temporal server v1.29.1 on PostgreSQL (frontend 127.0.0.1:${o.ports.frontend})…`);
  const server = await startClusterServer({ binary: binaries.server, root: o.root, env, ports: o.ports });
  try {
    const connection = await Connection.connect({ address: server.address });
    try {
      return { server, setupLines: await setupCluster(connection, o.setup) };
    } finally {
      await connection.close();
    }
  } catch (err) {
    await server.stop();
    throw err;
  }
}
