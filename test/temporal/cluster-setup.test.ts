import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { slotProblems } from '../../client/cluster-setup';
import { clusterSettings } from '../../cluster/settings';

// The parts of the cluster setup that need no cluster (test/cluster/ runs the rest on a real one).
describe('cluster setup: SQL visibility slots and settings', () => {
  it("the integration's search attributes fit SQL visibility's slots of an empty namespace", () => {
    assert.deepEqual(slotProblems({}), []);
  });

  it('a namespace whose Int slots are taken by someone else is refused, naming the attributes and the limit', () => {
    const problems = slotProblems({ TheirCounter: 3 });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /4 INT search attributes \(TheirCounter, AmoLeadId, AmoContactId, IntegrationStage\) but SQL visibility has 3 INT slots/);
  });

  it('cluster settings: defaults, and a bad value named by its setting', () => {
    const s = clusterSettings({});
    assert.deepEqual(s.databases, { main: 'temporal', visibility: 'temporal_visibility' });
    assert.equal(s.frontend, '127.0.0.1:7233');
    assert.throws(() => clusterSettings({ CLUSTER_DB: 'Temporal; DROP', CLUSTER_PG_PORT: 'x' }), (err: Error) => /CLUSTER_PG_PORT/.test(err.message) && /CLUSTER_DB: expected a lower-case SQL name/.test(err.message));
  });
});
