import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ResolvedPipeline } from '../../amocrm';
import { loadConfig } from '../../config';
import { DEFAULT_STAGE2_RULES_FILE, loadStage2Rules, resolveStage2Rules } from '../../config/stage2-rules';
import { SEED_PIPELINES } from '../../sandbox/amocrm';
import { type AmoFixture, startFixture } from '../amocrm/fixture';

const dir = mkdtempSync(join(tmpdir(), 'stage2-rules-'));
let files = 0;

/** Writes a rules file (an object as JSON, a string as is) and returns its path. */
function rulesFile(content: unknown): string {
  const file = join(dir, `rules-${++files}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const loadRules = (stages: unknown[]) => loadStage2Rules(rulesFile({ stages }));

// The seed's "Company 2" stage ids by name, as the sandbox serves them.
const seeded = Object.fromEntries(SEED_PIPELINES.find((p) => p.name === 'Company 2')!.statuses.map((s) => [s.name, s.id]));
// A pipeline as a real account may serve it: without the system stages 142 and 143.
const small: ResolvedPipeline = { pipelineId: 77, stages: { 'New lead': 11, 'Recorded for trial': 12 } };

describe('stage 2 rules table', () => {
  let amo: AmoFixture;
  before(async () => {
    amo = await startFixture();
  });
  after(async () => {
    await amo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the default table resolves against the sandbox\'s "Company 2" pipeline, keyed by status id', () => {
    const rules = resolveStage2Rules(loadStage2Rules(), amo.pipeline, 'Company 2');
    const at = (name: string) => rules.byStatusId[seeded[name]!];
    assert.equal(rules.pipelineId, 7735001);
    assert.deepEqual(at('Recorded for trial'), { stageName: 'Recorded for trial', status: 'approved', record: true, ends: false });
    assert.deepEqual(at('Confirmed VU'), { stageName: 'Confirmed VU', status: 'in_work', record: true, ends: false });
    assert.deepEqual(at('Lesson passed'), { stageName: 'Lesson passed', record: true, ends: false });
    assert.deepEqual(at('Waiting for a solution'), { stageName: 'Waiting for a solution', record: true, ends: false });
    assert.deepEqual(at('Waiting for payment'), { stageName: 'Waiting for payment', cost: 'deal-price', record: true, ends: false });
    assert.deepEqual(at('Payment received'), { stageName: 'Payment received', paid: true, subscription: 'update', record: true, ends: false });
    assert.deepEqual(at('Another lesson passed'), { stageName: 'Another lesson passed', lessonPassed: true, subscription: 'update', record: true, ends: false });
    assert.deepEqual(rules.subscriptionFields, { lessonsTotal: null, lessonsUsed: null, validUntil: null }, 'no deal fields kept by default');
    assert.deepEqual(rules.byStatusId[142], { stageName: 'Success', status: 'executed', record: true, ends: true });
    assert.deepEqual(rules.byStatusId[143], { stageName: 'Refusal', status: 'rejected', record: true, ends: true });
    assert.equal(Object.keys(rules.byStatusId).length, 9, 'New lead and Unsorted change nothing');
    assert.deepEqual(JSON.parse(JSON.stringify(rules)), rules, 'plain data: it travels in a workflow input');
  });

  it('Success (142) and Refusal (143) resolve by id even when the pipeline does not list them', () => {
    const rules = resolveStage2Rules(loadRules([{ stage: 142, status: 'executed', ends: true }, { stage: 143, ends: true }]), small);
    assert.deepEqual(rules.byStatusId, {
      142: { stageName: 'Success', status: 'executed', record: true, ends: true },
      143: { stageName: 'Refusal', record: true, ends: true },
    });
  });

  it('a stage given by its status id takes its name from the pipeline', () => {
    const rules = resolveStage2Rules(loadRules([{ stage: 12, status: 'approved' }]), small);
    assert.deepEqual(rules.byStatusId, { 12: { stageName: 'Recorded for trial', status: 'approved', record: true, ends: false } });
  });

  it('an unknown stage name stops boot, naming the stage and the pipeline and listing its stages', () => {
    const rules = loadRules([{ stage: 'Recorded for trial' }, { stage: 'Lesson pased' }]);
    assert.throws(
      () => resolveStage2Rules(rules, amo.pipeline, 'Company 2'),
      (err: Error) => {
        assert.match(err.message, /^STAGE2_RULES_FILE: stages\.1\.stage: pipeline "Company 2" \(7735001\) has no stage "Lesson pased"; its stages are: /);
        for (const name of Object.keys(seeded)) assert.ok(err.message.includes(`${name} (${seeded[name]})`), `lists ${name}`);
        return true;
      },
    );
  });

  it('a status id the pipeline does not have is refused too', () => {
    assert.throws(() => resolveStage2Rules(loadRules([{ stage: 99 }]), small), /stages\.0\.stage: pipeline 77 has no status id 99; its stages are: New lead \(11\), Recorded for trial \(12\)$/);
  });

  it('a bad status names the field and the statuses allowed', () => {
    const file = rulesFile({ stages: [{ stage: 'Lesson passed' }, { stage: 'Confirmed VU', status: 'in_progress' }] });
    assert.throws(
      () => loadStage2Rules(file),
      { message: `STAGE2_RULES_FILE ${file}: stages.1.status: expected one of on_approval, approved, in_work, executed, rejected, got "in_progress"` },
    );
  });

  it('a stage listed twice is refused, by name or as a name and its id', () => {
    assert.throws(() => loadRules([{ stage: 'Confirmed VU' }, { stage: 142, ends: true }, { stage: 'Confirmed VU' }]), /: stages\.2\.stage: duplicate stage "Confirmed VU" \(also stages\.0\)$/);
    assert.throws(() => loadRules([{ stage: 142, ends: true }, { stage: 142, ends: true }]), /stages\.1\.stage: duplicate stage 142 \(also stages\.0\)/);
    const twice = loadRules([{ stage: 12 }, { stage: 'Recorded for trial' }]);
    assert.throws(() => resolveStage2Rules(twice, small), /stages\.1\.stage: "Recorded for trial" is status 12, already given by stages\.0/);
  });

  it('a misspelt action, a final status that does not end the order, or an empty table is refused', () => {
    assert.throws(() => loadRules([{ stage: 'Confirmed VU', stauts: 'in_work' }]), /stages\.0: Unrecognized key: "stauts"/);
    assert.throws(() => loadRules([{ stage: 143, status: 'rejected' }]), /stages\.0\.ends: status rejected is final, so the stage ends the order: set "ends": true/);
    assert.throws(() => loadRules([{ stage: 'Payment received', paid: false }]), /stages\.0\.paid: expected true/);
    assert.throws(() => loadRules([{ stage: ' ' }]), /stages\.0\.stage: expected a stage name, got an empty one/);
    assert.throws(() => loadRules([]), /stages: the table lists no stage/);
  });

  it("the subscription's deal fields: ids, or null where Company 2 keeps none; anything else names the field", () => {
    const file = rulesFile({ subscription: { dealFields: { lessonsTotal: 901, lessonsUsed: null } }, stages: [{ stage: 'Payment received', subscription: 'update' }] });
    assert.deepEqual(resolveStage2Rules(loadStage2Rules(file), { ...small, stages: { ...small.stages, 'Payment received': 13 } }).subscriptionFields, {
      lessonsTotal: 901,
      lessonsUsed: null,
      validUntil: null,
    });
    const bad = rulesFile({ subscription: { dealFields: { lessonsUsed: 'lessons' } }, stages: [{ stage: 12 }] });
    assert.throws(() => loadStage2Rules(bad), { message: `STAGE2_RULES_FILE ${bad}: subscription.dealFields.lessonsUsed: expected an amoCRM custom field id (a whole number)` });
    assert.throws(() => loadRules([{ stage: 'Another lesson passed', lessonPassed: 2 }]), /stages\.0\.lessonPassed: expected true/);
  });

  it('a file that cannot be read or parsed is refused naming the file', () => {
    const missing = join(dir, 'missing.json');
    assert.throws(() => loadStage2Rules(missing), { message: new RegExp(`^STAGE2_RULES_FILE ${missing}: ENOENT`) });
    const broken = rulesFile('{ "stages": [ ');
    assert.throws(() => loadStage2Rules(broken), { message: new RegExp(`^STAGE2_RULES_FILE ${broken}: .*JSON`) });
  });

  it('STAGE2_RULES_FILE is optional: unset, the default table is used', () => {
    assert.equal(loadConfig({}).stage2RulesFile, undefined);
    assert.match(DEFAULT_STAGE2_RULES_FILE, /config[/\\]stage2-rules\.json$/);
    assert.equal(loadConfig({ STAGE2_RULES_FILE: '/etc/c2/rules.json' }).stage2RulesFile, '/etc/c2/rules.json');
  });
});
