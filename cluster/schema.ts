import { spawnSync } from 'node:child_process';
import type { ClusterSettings } from './settings';

// The server's own schema tool sets up and upgrades its databases, with the schemas embedded in
// the same build as the server (postgresql/v12/*): never a hand-written copy that could drift.
const SCHEMAS = { main: 'postgresql/v12/temporal', visibility: 'postgresql/v12/visibility' } as const;

export class SchemaSetupFailed extends Error {}

function sqlTool(tool: string, s: ClusterSettings, database: string, args: string[]): void {
  const { host, port, user, password } = s.postgres;
  const result = spawnSync(tool, ['--ep', host, '-p', String(port), '-u', user, '--pl', 'postgres12', '--db', database, ...args], {
    encoding: 'utf8',
    // The password goes through the environment, not argv (which `ps` shows to every user).
    env: { ...process.env, SQL_PASSWORD: password },
  });
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-15).join('\n');
    throw new SchemaSetupFailed(`temporal-sql-tool ${args[0]} on database ${database} failed (exit ${result.status}):\n${output}`);
  }
}

/**
 * Creates the two databases if missing and brings their schemas to this server's version. Every
 * step is idempotent, so it runs before each start (it is also the upgrade path after a server
 * upgrade). `fresh` drops both first (the test tier starts from an empty cluster).
 */
export function ensureSchemas(tool: string, s: ClusterSettings, o: { fresh?: boolean } = {}): void {
  for (const kind of ['main', 'visibility'] as const) {
    const database = s.databases[kind];
    if (o.fresh) sqlTool(tool, s, database, ['drop-database', '--defaultdb', 'postgres', '-f']);
    sqlTool(tool, s, database, ['create-database', '--defaultdb', 'postgres']);
    sqlTool(tool, s, database, ['setup-schema', '-v', '0.0']);
    sqlTool(tool, s, database, ['update-schema', '--schema-name', SCHEMAS[kind]]);
  }
}
