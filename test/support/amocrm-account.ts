import assert from 'node:assert/strict';
import { AMO_TOKEN, type Stage1 } from './stage1';

/** Abuses the API from outside the integration until amoCRM blocks the whole account. */
export async function blockAmoAccount(s: Stage1): Promise<void> {
  const normal = (await s.amoAdmin.rateLimit()).settings;
  await s.amoAdmin.setRateLimit({ perTokenPerSecond: 1, perAccountPerSecond: 50, blockAfterViolations: 1, violationWindowMs: 60_000 });
  const hit = () => fetch(`${s.amoSandbox.url}/api/v4/leads/pipelines`, { headers: { authorization: `Bearer ${AMO_TOKEN}` } });
  await hit();
  await hit();
  assert.equal((await s.amoAdmin.rateLimit()).blocked, true);
  await s.amoAdmin.setRateLimit(normal);
}
