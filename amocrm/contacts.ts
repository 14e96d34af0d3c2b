import { type AmoContext } from './context';
import { mobilePhoneField, textField, textValues } from './custom-fields';
import { type AmoContact, toContact } from './model';
import { collectPages } from './paging';
import { contactsCreated, contactsPage } from './schemas/contacts';

export interface NewContact {
  firstName: string;
  lastName: string;
  phone: string;
  detmirUserId: string;
}

// `query` is a fuzzy search over every field (and custom-field filters are silently ignored on
// most accounts), so the hits are only candidates: keep those whose field holds exactly the id.
export async function findContactByDetmirUserId(ctx: AmoContext, userId: string): Promise<AmoContact | null> {
  const query = new URLSearchParams({ query: userId, limit: '250' });
  const fieldId = ctx.fields.detmirUserId;
  const candidates = await collectPages(ctx.api, '/api/v4/contacts', query, contactsPage, (b) => ({
    _links: b._links,
    items: b._embedded.contacts,
  }));
  const exact = candidates.filter((c) => textValues(c.custom_fields_values, fieldId).includes(userId));
  if (exact.length > 1) ctx.logger.warn('several amoCRM contacts carry one Company 1 user id; using the oldest', { count: exact.length });
  const oldest = exact.sort((a, b) => a.id - b.id)[0];
  return oldest ? toContact(oldest, ctx.fields) : null;
}

export function contactBody(ctx: AmoContext, c: NewContact) {
  return {
    first_name: c.firstName,
    last_name: c.lastName,
    name: `${c.firstName} ${c.lastName}`.trim(),
    custom_fields_values: [mobilePhoneField(c.phone), textField(ctx.fields.detmirUserId, c.detmirUserId)],
  };
}

export async function createContact(ctx: AmoContext, c: NewContact): Promise<{ contactId: number }> {
  const body = await ctx.api.requestBody({
    method: 'POST',
    path: '/api/v4/contacts',
    body: [{ ...contactBody(ctx, c), request_id: c.detmirUserId }],
    schema: contactsCreated,
  });
  return { contactId: body._embedded.contacts[0]!.id };
}
