import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Socket } from 'node:net';
import type { PostgresSettings } from './settings';

export class PostgresUnavailable extends Error {}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

const isLocal = (host: string) => host === '127.0.0.1' || host === 'localhost' || host === '::1';
const isRoot = () => process.getuid?.() === 0;

/** Debian's clusters on this port (`pg_lsclusters`): version and name of the one to start. */
function debianCluster(port: number): { version: string; name: string; online: boolean } | undefined {
  if (!existsSync('/usr/bin/pg_lsclusters')) return undefined;
  const rows = execFileSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).trim().split('\n');
  for (const row of rows) {
    const [version, name, p, status] = row.trim().split(/\s+/);
    if (version && name && Number(p) === port) return { version, name, online: status === 'online' };
  }
  return undefined;
}

function psqlAsPostgres(sql: string): string {
  const result = spawnSync('runuser', ['-u', 'postgres', '--', 'psql', '-v', 'ON_ERROR_STOP=1', '-tAc', sql], { encoding: 'utf8' });
  if (result.status !== 0) throw new PostgresUnavailable(`psql as postgres failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

const sqlLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;
const sqlName = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * A PostgreSQL the Temporal server can use. A local Debian cluster that is down is started, and the
 * server's role created with the right to create its databases — both only as root (the machine's
 * administrator). Anywhere else PostgreSQL and the role are the operator's: this only checks.
 */
export async function ensurePostgres(pg: PostgresSettings, log: (line: string) => void): Promise<void> {
  const local = isLocal(pg.host);
  if (!(await accepts(pg.host, pg.port))) {
    const cluster = local && isRoot() ? debianCluster(pg.port) : undefined;
    if (!cluster) {
      throw new PostgresUnavailable(
        `PostgreSQL does not answer at ${pg.host}:${pg.port}. Start it (Debian: \`pg_ctlcluster 15 main start\` as root) ` +
          'or point CLUSTER_PG_HOST / CLUSTER_PG_PORT at one.',
      );
    }
    log(`Starting PostgreSQL ${cluster.version}/${cluster.name} (pg_ctlcluster)…`);
    execFileSync('pg_ctlcluster', [cluster.version, cluster.name, 'start'], { stdio: 'inherit' });
    const deadline = Date.now() + 30_000;
    while (!(await accepts(pg.host, pg.port))) {
      if (Date.now() > deadline) throw new PostgresUnavailable(`PostgreSQL ${cluster.version}/${cluster.name} did not accept connections within 30 s.`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  if (local && isRoot() && existsSync('/usr/sbin/runuser')) {
    const exists = psqlAsPostgres(`SELECT 1 FROM pg_roles WHERE rolname = ${sqlLiteral(pg.user)}`) === '1';
    const verb = exists ? 'ALTER' : 'CREATE';
    // The password is (re)set so the settings always work; the role owns nothing but Temporal's databases.
    psqlAsPostgres(`${verb} ROLE ${sqlName(pg.user)} LOGIN CREATEDB PASSWORD ${sqlLiteral(pg.password)}`);
    if (!exists) log(`Created the PostgreSQL role ${pg.user}.`);
  }
}
