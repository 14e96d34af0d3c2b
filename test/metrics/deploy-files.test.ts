import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { registry } from '../../metrics/registry';
import { dashboardExpressions, renderDashboard } from '../../scripts/grafana-dashboard';

const root = join(__dirname, '..', '..');

// The Temporal SDK's metrics are named in its native core: read them from the binary this machine runs.
const coreBinary = join(root, 'node_modules', '@temporalio', 'core-bridge', 'releases', `${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-unknown-linux-gnu`, 'index.node');

function metricNames(expr: string): string[] {
  // Identifiers followed by `{`, `[` or a space/paren that look like metric names (ours or the SDK's).
  return [...new Set([...expr.matchAll(/\b((?:c1amo|temporal)_[a-z0-9_]+)/g)].map((m) => m[1]!))];
}

const SUFFIXES = /_(bucket|count|sum)$/;

async function ourMetricNames(): Promise<Set<string>> {
  return new Set((await registry.getMetricsAsJSON()).map((m) => m.name));
}

function alertExpressions(): string[] {
  const rules = parse(readFileSync(join(root, 'deploy', 'prometheus', 'alerts.yml'), 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
  return rules.groups.flatMap((g) => g.rules.map((r) => r.expr));
}

describe('deploy/: the Grafana dashboard and the Prometheus alerts chart only metrics that exist', () => {
  it('deploy/grafana/dashboard.json is current (npx tsx scripts/grafana-dashboard.ts)', () => {
    assert.equal(readFileSync(join(root, 'deploy', 'grafana', 'dashboard.json'), 'utf8'), renderDashboard());
  });

  for (const [what, exprs] of [
    ['dashboard', dashboardExpressions()],
    ['alert rules', alertExpressions()],
  ] as const) {
    it(`every metric of the ${what} is one of ours or one the Temporal SDK's core emits`, async () => {
      const ours = await ourMetricNames();
      // On Linux (every machine we test on) the core must be there: a silent skip would check nothing.
      if (process.platform === 'linux') assert.ok(existsSync(coreBinary), `the SDK's core is at ${coreBinary}`);
      const core = existsSync(coreBinary) ? readFileSync(coreBinary).toString('latin1') : undefined;
      const names = exprs.flatMap(metricNames);
      assert.ok(names.length > 5);
      for (const name of names) {
        if (name.startsWith('c1amo_')) {
          assert.ok(ours.has(name) || ours.has(name.replace(SUFFIXES, '')), `${name} is registered in metrics/registry.ts`);
        } else if (core) {
          const base = name.replace(/^temporal_/, '').replace(SUFFIXES, '');
          assert.ok(core.includes(base), `${name}: the SDK's core knows ${base}`);
        }
      }
    });
  }
});
