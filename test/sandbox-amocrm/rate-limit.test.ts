// 429 over 7 requests/s per token (HTML, no Retry-After), then a 403 account block after
// repeated abuse that only the admin unblock lifts.
import assert from 'node:assert/strict';
import { after, before, beforeEach, it } from 'node:test';
import type { AmoSandbox } from '../../sandbox/amocrm/index';
import { apiClient, startTestSandbox, TOKEN } from './helpers';

const OTHER_TOKEN = 'second-integration-token';
let sandbox: AmoSandbox;

before(async () => {
  ({ sandbox } = await startTestSandbox({ longLivedTokens: [TOKEN, OTHER_TOKEN], rateLimit: undefined }));
});
after(() => sandbox.close());
beforeEach(() => sandbox.admin.reset());

/** Fires requests at once, so they all land within the same second. */
const burst = (n: number, token = TOKEN) =>
  Promise.all(Array.from({ length: n }, () => apiClient(sandbox.url, token).get('/api/v4/leads/pipelines')));

void it('answers the 8th request within a second with an HTML 429 without Retry-After', async () => {
  const answers = await burst(8);
  const limited = answers.filter((r) => r.status === 429);
  assert.equal(answers.filter((r) => r.status === 200).length, 7);
  assert.equal(limited.length, 1);
  assert.match(limited[0]!.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(limited[0]!.text, /429 Too Many Requests/);
  assert.equal(limited[0]!.headers.get('retry-after'), null);
  const stats = await sandbox.admin.requestStats();
  assert.equal(stats.rateLimited, 1);
  assert.equal(stats.maxAcceptedInAnySecond, 7);
});

void it('blocks the whole account with an nginx 403 after repeated violations, until unblocked', async () => {
  await sandbox.admin.setRateLimit({ perTokenPerSecond: 2, perAccountPerSecond: 50, blockAfterViolations: 3, violationWindowMs: 60_000 });
  const answers = await burst(10);
  assert.ok(answers.some((r) => r.status === 429));
  assert.ok(answers.some((r) => r.status === 403));
  const other = await apiClient(sandbox.url, OTHER_TOKEN).get('/api/v4/leads/pipelines');
  assert.equal(other.status, 403);
  assert.match(other.headers.get('content-type') ?? '', /^text\/html/);
  assert.match(other.text, /403 Forbidden/);
  assert.match(other.text, /nginx/);
  assert.equal((await sandbox.admin.rateLimit()).blocked, true);
  await sandbox.admin.unblock();
  // A token that has not used its window yet is served again at once.
  assert.equal((await apiClient(sandbox.url, OTHER_TOKEN).get('/api/v4/leads/pipelines')).status, 200);
});

void it('also limits all tokens of the account together', async () => {
  await sandbox.admin.setRateLimit({ perTokenPerSecond: 7, perAccountPerSecond: 3, blockAfterViolations: 50, violationWindowMs: 60_000 });
  const answers = [...(await burst(2)), ...(await burst(2, OTHER_TOKEN))];
  assert.equal(answers.filter((r) => r.status === 200).length, 3);
  assert.equal(answers.filter((r) => r.status === 429).length, 1);
});
