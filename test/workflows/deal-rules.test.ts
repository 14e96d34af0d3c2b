import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DealStageRules } from '../../workflows/order/deal-contract';
import { impliedStatus } from '../../workflows/order/deal-rules';

const rules: DealStageRules = {
  pipelineId: 1,
  byStatusId: {
    '10': { stageName: 'New lead', position: 1 },
    '11': { stageName: 'Recorded for trial', position: 2, status: 'approved' },
    '12': { stageName: 'Confirmed VU', position: 3, status: 'in_work' },
    '13': { stageName: 'Lesson passed', position: 4 },
    '14': { stageName: 'Waiting for payment', position: 6, cost: true },
    '142': { stageName: 'Success', position: 100, status: 'executed', ends: true },
    '143': { stageName: 'Refusal', position: 101, status: 'rejected', ends: true },
  },
};

describe('stage 2 rules: the Company 1 status a deal stage stands for', () => {
  it('a stage with a status stands for it', () => {
    assert.equal(impliedStatus(rules, 11), 'approved');
    assert.equal(impliedStatus(rules, 143), 'rejected');
  });
  it('a stage without one stands for the last status before it in the pipeline', () => {
    assert.equal(impliedStatus(rules, 13), 'in_work');
    assert.equal(impliedStatus(rules, 14), 'in_work');
  });
  it('the first stage, and a stage the rules do not know, stand for nothing', () => {
    assert.equal(impliedStatus(rules, 10), undefined);
    assert.equal(impliedStatus(rules, 999), undefined);
  });
});
