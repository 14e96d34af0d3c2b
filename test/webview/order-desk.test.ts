import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Client } from '@temporalio/client';
import { Company1Client } from '../../company1/client';
import { startCompany1Sandbox } from '../../sandbox/company1/server';
import { Company1SandboxAdmin } from '../../sandbox/company1/admin-client';
import { OrderDesk } from '../../web/order-desk';
import { SERVICES } from '../support/stage1';

describe('webview booking when Temporal fails after Company 1 created the order', () => {
  it('the customer gets the order (not an error that makes them book again), and a repeat is the same order', async () => {
    const company1 = await startCompany1Sandbox({ apiKey: 'k', stage: 3 });
    try {
      // Temporal unreachable: every call fails (a fake: the order's workflow never starts here).
      const down = { withDeadline: () => Promise.reject(new Error('14 UNAVAILABLE: connection refused')) } as unknown as Client;
      const desk = new OrderDesk({
        client: down,
        company1: new Company1Client({ baseUrl: company1.url, apiKey: 'k' }),
        startSettings: { taskQueue: 'orders', amocrmTaskQueue: 'amocrm', stage: 3, timings: { autoCloseAfterMs: 1, graceMs: 1, recheckEveryMs: 1, blockedRecheckEveryMs: 1 } },
        catalog: SERVICES,
        cancelWhile: ['on_approval'],
      });
      const customer = { userId: 'u-down', firstName: 'Анна', lastName: 'Смирнова', phone: '+79161234501' };
      const first = await desk.book(customer, desk.service('c2-trial-lesson')!, '5c0b8a6e-4b8a-4d55-9d4e-0b6a1a1e2f00');
      assert.match(first.startFailed ?? '', /UNAVAILABLE/);
      const again = await desk.book(customer, desk.service('c2-trial-lesson')!, '5c0b8a6e-4b8a-4d55-9d4e-0b6a1a1e2f00');
      assert.equal(again.order.id, first.order.id);
      assert.equal((await new Company1SandboxAdmin(company1.url).orders()).length, 1);
      const view = await desk.view(first.order.id, 'u-down');
      assert.equal(view.state, undefined, "the page shows Company 1's side until the workflow runs");
    } finally {
      await company1.close();
    }
  });
});
