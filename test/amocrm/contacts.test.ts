import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AmoFixture, startFixture } from './fixture';

const ivan = { firstName: 'Ivan', lastName: 'Petrov', phone: '+79990001122', detmirUserId: 'u-1001' };

void describe('contacts against the sandbox', () => {
  let fx: AmoFixture;
  before(async () => {
    fx = await startFixture();
  });
  after(() => fx.close());

  void it('creates a contact with a mobile phone and the Company 1 user id field', async () => {
    const { contactId } = await fx.client.createContact(ivan);
    const stored = (await fx.sandbox.admin.contacts()).find((c) => c.id === contactId);
    assert.ok(stored);
    const phone = stored.custom_fields_values?.find((f) => f.field_code === 'PHONE');
    assert.deepEqual(
      phone?.values.map((v) => [v.value, v.enum_code]),
      [['+79990001122', 'MOB']],
    );
  });

  void it('finds a contact only by an exact user id, although the fuzzy query also returns near misses', async () => {
    const nearMiss = await fx.client.createContact({ ...ivan, firstName: 'Near', detmirUserId: 'u-10012' });
    const inPhone = await fx.client.createContact({ ...ivan, firstName: 'Phone', phone: 'u-1001', detmirUserId: 'u-77' });
    const found = await fx.client.findContactByDetmirUserId('u-1001');
    assert.ok(found);
    assert.equal(found.detmirUserId, 'u-1001');
    assert.equal(found.firstName, 'Ivan');
    assert.deepEqual(found.phones, ['+79990001122']);
    assert.notEqual(found.id, nearMiss.contactId);
    assert.notEqual(found.id, inPhone.contactId);
  });

  void it('answers null when only near misses match the query', async () => {
    assert.equal(await fx.client.findContactByDetmirUserId('u-100'), null);
  });

  void it('answers null when amoCRM finds nothing (204)', async () => {
    assert.equal(await fx.client.findContactByDetmirUserId('nobody-here'), null);
  });
});
