import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AmoFixture, seedDeals, startFixture } from './fixture';

const contact = { firstName: 'Anna', lastName: 'Ivanova', phone: '+79991112233', detmirUserId: 'u-2001' };

void describe('deals against the sandbox', () => {
  let fx: AmoFixture;
  let newLead: number;
  before(async () => {
    fx = await startFixture();
    newLead = fx.pipeline.stages['New lead']!;
  });
  after(() => fx.close());

  void it('creates a deal linked to its contact, tagged, with the order id field', async () => {
    const { contactId } = await fx.client.createContact(contact);
    const { dealId } = await fx.client.createDeal({
      name: 'Order o-1',
      pipelineId: fx.pipeline.pipelineId,
      statusId: newLead,
      contactId,
      detmirOrderId: 'o-1',
      price: 1500,
    });
    const deal = await fx.client.getDeal(dealId);
    assert.ok(deal);
    assert.deepEqual(
      { price: deal.price, pipelineId: deal.pipelineId, statusId: deal.statusId, orderId: deal.detmirOrderId, main: deal.mainContactId },
      { price: 1500, pipelineId: fx.pipeline.pipelineId, statusId: newLead, orderId: 'o-1', main: contactId },
    );
    assert.deepEqual(deal.tagIds, [499278]);
    assert.equal(deal.closedAt, null);
  });

  void it('creates a deal and its contact in one complex request', async () => {
    const before = (await fx.sandbox.admin.requests()).length;
    const { dealId, contactId } = await fx.client.createDealWithContact({
      name: 'Order o-2',
      pipelineId: fx.pipeline.pipelineId,
      statusId: newLead,
      detmirOrderId: 'o-2',
      contact: { ...contact, detmirUserId: 'u-2002' },
    });
    assert.equal((await fx.sandbox.admin.requests()).length - before, 1);
    const deal = await fx.client.getDeal(dealId);
    assert.equal(deal?.mainContactId, contactId);
    const created = await fx.client.findContactByDetmirUserId('u-2002');
    assert.equal(created?.id, contactId);
  });

  void it('finds a deal by the exact order id among fuzzy matches, with its contact', async () => {
    await seedDeals(fx, ['o-30', 'o-300', 'o-3000']);
    const { contactId } = await fx.client.createContact({ ...contact, detmirUserId: 'u-2003' });
    const { dealId } = await fx.client.createDeal({ name: 'Order o-3', pipelineId: fx.pipeline.pipelineId, statusId: newLead, contactId, detmirOrderId: 'o-3' });
    const found = await fx.client.findDealByDetmirOrderId('o-3');
    assert.equal(found?.id, dealId);
    assert.equal(found?.mainContactId, contactId);
    assert.equal(await fx.client.findDealByDetmirOrderId('o-3x'), null);
  });

  void it('answers null for a deal id amoCRM does not know (204)', async () => {
    assert.equal(await fx.client.getDeal(999_999_999), null);
  });

  void it('moves a deal and updates its price; a won deal gets closedAt', async () => {
    const [dealId] = await seedDeals(fx, ['o-4']);
    await fx.client.updateDealPrice(dealId!, 4200);
    await fx.client.moveDeal(dealId!, { pipelineId: fx.pipeline.pipelineId, statusId: fx.pipeline.stages['Waiting for payment']! });
    const waiting = await fx.client.getDeal(dealId!);
    assert.deepEqual([waiting?.price, waiting?.statusId, waiting?.closedAt], [4200, fx.pipeline.stages['Waiting for payment'], null]);
    await fx.client.moveDeal(dealId!, { pipelineId: fx.pipeline.pipelineId, statusId: 142 });
    const won = await fx.client.getDeal(dealId!);
    assert.equal(won?.statusId, 142);
    assert.equal(typeof won?.closedAt, 'number');
  });

  void it('reads more than 250 deals in batches of at most 250 ids per request', async () => {
    const ids = await seedDeals(fx, Array.from({ length: 301 }, (_, i) => `batch-${i}`));
    await fx.sandbox.admin.clearRequests();
    const deals = await fx.client.getDeals([...ids, 999_999_999]);
    assert.deepEqual(
      deals.map((d) => d.id),
      ids,
    );
    assert.equal(deals[300]?.detmirOrderId, 'batch-300');
    const reads = (await fx.sandbox.admin.requests()).filter((r) => r.method === 'GET' && r.path === '/api/v4/leads');
    assert.equal(reads.length, 2);
    for (const r of reads) assert.ok(new URL(r.url, 'http://x').searchParams.getAll('filter[id][]').length <= 250);
  });
});
