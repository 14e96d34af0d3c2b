// `npm run test:cluster`: the tests of test/cluster/ against the production topology — the Temporal
// server v1.29.1 on PostgreSQL (built and started by the tests themselves, fresh databases
// `temporal_test` and `temporal_test_visibility`), worker and webhook processes, the sandboxes.
// Needs PostgreSQL: a local Debian one is started when run as root; otherwise set CLUSTER_PG_*.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ensurePostgres, PostgresUnavailable } from '../cluster/postgres';
import { ensurePromtool, PromtoolMissing } from '../cluster/promtool';
import { clusterSettings } from '../cluster/settings';
import { ensureServerBinaries, TemporalServerMissing } from '../temporal/server-binary';
import { writeWorkflowBundle } from '../temporal/workflow-bundle';

const root = join(__dirname, '..');
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const dir = join(root, 'test', 'cluster');
  const files = process.argv.slice(2).length ? process.argv.slice(2) : readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => relative(root, join(dir, f)));
  const scratch = mkdtempSync(join(tmpdir(), 'c1amo-test-cluster-'));
  try {
    // Their own databases: the tests drop and recreate them, never `npm run cluster`'s.
    const env = { ...process.env, CLUSTER_DB: process.env.CLUSTER_DB ?? 'temporal_test' };
    ensureServerBinaries(log);
    const promtool = ensurePromtool(log);
    await ensurePostgres(clusterSettings(env).postgres, log);
    const bundle = await writeWorkflowBundle(scratch);
    // One file at a time: they share the test databases.
    const args = ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-force-exit', '--test-timeout=600000', ...files];
    return await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [join(__dirname, 'tether.cjs'), process.execPath, ...args], {
        cwd: root,
        env: { ...env, WORKFLOW_BUNDLE_PATH: bundle, PROMTOOL: promtool, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
        stdio: ['pipe', 'inherit', 'inherit'],
      });
      child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    });
  } catch (err) {
    log(err instanceof PostgresUnavailable || err instanceof TemporalServerMissing || err instanceof PromtoolMissing ? err.message : ((err as Error).stack ?? String(err)));
    return 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
