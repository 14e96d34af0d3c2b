import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customerOrder, SETUP_AMO_TOKEN, useStage1 } from '../support/stage1';
import { orderWorkflowHandle, resultWithin } from '../support/wait';

describe('stage 1: a contact amoCRM no longer knows', () => {
  const env = useStage1({ autoCloseAfterMs: 500, blockedRecheckEveryMs: 3_600_000 });
  const contactsOf = async (userId: string) => (await env.s.amoAdmin.contacts()).filter((c) => JSON.stringify(c).includes(userId));
  const dealOf = async (orderId: string) => (await env.s.amoAdmin.leads()).find((l) => JSON.stringify(l).includes(`"${orderId}"`));

  /** The first order makes the user's contact entity remember its contact id. */
  async function returningUser() {
    const input = customerOrder();
    const first = await env.s.company1Admin.createOrder(input);
    const firstState = await (await orderWorkflowHandle(env.t.client, first.id)).result();
    return { input, contactId: firstState.contactId! };
  }

  it('deleted by a manager: the next order finds no contact, creates one, and links its deal to it', async () => {
    const { input, contactId } = await returningUser();
    await env.s.amoAdmin.deleteContact(contactId);
    const second = await env.s.company1Admin.createOrder(input);
    const state = await resultWithin(await orderWorkflowHandle(env.t.client, second.id));
    assert.notEqual(state.contactId, contactId);
    const contacts = await contactsOf(input.userId);
    assert.deepEqual(contacts.map((c) => c.id), [state.contactId], 'one contact for the user, the new one');
    assert.equal((await dealOf(second.id))?._embedded.contacts?.[0]?.id, state.contactId);
    assert.ok(state.history.some((h) => /no longer knows contact/.test(h.event)));
  });

  it('merged by a manager into another contact of the user: the next order finds the survivor and links its deal to it', async () => {
    const { input, contactId } = await returningUser();
    // A manager's duplicate of the same customer, carrying the same Company 1 user id, absorbs ours.
    const created = await fetch(`${env.s.amoSandbox.url}/api/v4/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SETUP_AMO_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify([{ name: 'Anna Ivanova (manager)', custom_fields_values: [{ field_id: 932790, values: [{ value: input.userId }] }] }]),
    });
    const survivor = ((await created.json()) as { _embedded: { contacts: { id: number }[] } })._embedded.contacts[0]!.id;
    await env.s.amoAdmin.mergeContact(contactId, survivor);
    const second = await env.s.company1Admin.createOrder(input);
    const state = await resultWithin(await orderWorkflowHandle(env.t.client, second.id));
    assert.equal(state.contactId, survivor);
    assert.equal((await dealOf(second.id))?._embedded.contacts?.[0]?.id, survivor);
    assert.deepEqual((await contactsOf(input.userId)).map((c) => c.id), [survivor], 'no new contact');
  });
});
