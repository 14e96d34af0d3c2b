import { AmoClient, type AmoClientOptions, type ResolvedPipeline } from '../../amocrm';
import { type AmoSandbox, type AmoSandboxOptions, startAmoSandbox } from '../../sandbox/amocrm';
import { quietLogger } from './helpers';

export const TOKEN = 'test-token';
// A second integration token, for test setup that must not eat the client's rate budget.
const SEED_TOKEN = 'seed-token';

export interface AmoFixture {
  sandbox: AmoSandbox;
  client: AmoClient;
  pipeline: ResolvedPipeline;
  /** Another client against the same sandbox (e.g. a bad token, no limiter). */
  clientWith(options: Partial<AmoClientOptions>): AmoClient;
  close(): Promise<void>;
}

export async function startFixture(options: AmoSandboxOptions = {}): Promise<AmoFixture> {
  const sandbox = await startAmoSandbox({ port: 0, ...options, longLivedTokens: [TOKEN, SEED_TOKEN, ...(options.longLivedTokens ?? [])] });
  const clientWith = (extra: Partial<AmoClientOptions>) =>
    new AmoClient({ baseUrl: sandbox.url, auth: { kind: 'long-lived', token: TOKEN }, logger: quietLogger, ...extra });
  const client = clientWith({});
  const pipeline = await client.resolvePipeline('Company 2');
  await sandbox.admin.clearRequests();
  return { sandbox, client, pipeline, clientWith, close: () => sandbox.close() };
}

/** Creates deals straight through the API (batches of 250), bypassing the client under test. */
export async function seedDeals(fx: AmoFixture, orderIds: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < orderIds.length; i += 250) {
    const body = orderIds.slice(i, i + 250).map((orderId) => ({
      name: `Seeded ${orderId}`,
      pipeline_id: fx.pipeline.pipelineId,
      custom_fields_values: [{ field_id: 932792, values: [{ value: orderId }] }],
    }));
    const res = await fetch(`${fx.sandbox.url}/api/v4/leads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SEED_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`seeding deals failed: ${res.status} ${await res.text()}`);
    const json = (await res.json()) as { _embedded: { leads: { id: number }[] } };
    ids.push(...json._embedded.leads.map((l) => l.id));
  }
  return ids;
}

/** Creates contacts straight through the API (batches of 250), each with the given Company 1 user id. */
export function seedContacts(fx: AmoFixture, userIds: string[]): Promise<number[]> {
  return seedContactsAt(fx.sandbox.url, SEED_TOKEN, userIds);
}

/** The same against any amoCRM sandbox, with a token of its own (one the client under test does not use). */
export async function seedContactsAt(baseUrl: string, token: string, userIds: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < userIds.length; i += 250) {
    const body = userIds.slice(i, i + 250).map((userId) => ({ name: `Seeded ${userId}`, custom_fields_values: [{ field_id: 932790, values: [{ value: userId }] }] }));
    const res = await fetch(`${baseUrl}/api/v4/contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`seeding contacts failed: ${res.status} ${await res.text()}`);
    const json = (await res.json()) as { _embedded: { contacts: { id: number }[] } };
    ids.push(...json._embedded.contacts.map((c) => c.id));
  }
  return ids;
}

/** Rejection of a promise, for assertions on the error object itself. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}
