import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAmoError } from '../../amocrm';
import { type AmoFixture, rejectionOf, seedContacts, seedDeals, startFixture } from './fixture';

// amoCRM's `query` is fuzzy: it returns every entity with the digits anywhere (name, any field).
// "Not found" must still be exact (the field equals the id) and complete (every page was read).
void describe('lookups by Company 1 id are exact and complete', () => {
  let fx: AmoFixture;
  before(async () => {
    fx = await startFixture({ rateLimit: false });
  });
  after(() => fx.close());

  const nearMisses = (id: string, n: number) => Array.from({ length: n }, (_, i) => [`${i}${id}`, `${id}${i}`, `${id}-${i}`][i % 3]!);

  void it('finds the one deal whose field equals the order id among 600 whose names and fields hold the same digits, on the last page', async () => {
    const id = '4711';
    await seedDeals(fx, nearMisses(id, 600));
    const [exact] = await seedDeals(fx, [id]);
    const found = await fx.client.findDealByDetmirOrderId(id);
    assert.equal(found?.id, exact);
    assert.equal(found?.detmirOrderId, id);
  });

  void it('answers null for an order id that only near misses contain, after reading every page', async () => {
    const id = '5822';
    await seedDeals(fx, nearMisses(id, 600));
    await fx.sandbox.admin.clearRequests();
    assert.equal(await fx.client.findDealByDetmirOrderId(id), null);
    const pages = (await fx.sandbox.admin.requests()).filter((r) => r.path === '/api/v4/leads').length;
    assert.equal(pages, 3, '600 candidates are 3 pages of 250');
  });

  void it('finds the one contact whose field equals the user id among 300 near misses, and null when only near misses exist', async () => {
    const id = 'u-6933';
    await seedContacts(fx, nearMisses(id, 300));
    assert.equal(await fx.client.findContactByDetmirUserId(id), null);
    const [exact] = await seedContacts(fx, [id]);
    assert.equal((await fx.client.findContactByDetmirUserId(id))?.id, exact);
  });

  void it('a search whose candidates run past the page cap fails as incomplete instead of answering "not found"', async () => {
    const id = '7044';
    await seedDeals(fx, nearMisses(id, 40 * 250));
    await seedDeals(fx, [id]);
    const err = await rejectionOf(fx.client.findDealByDetmirOrderId(id));
    assert.ok(isAmoError(err), String(err));
    assert.equal(err.kind, 'search-incomplete');
    assert.equal(err.retryable, false);
    assert.match(err.message, /more than 40 pages/);
  });
});
