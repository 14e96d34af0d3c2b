// Shared setup for the Company 1 tests: a sandbox on port 0 with a client and an admin client, plus small
// helpers. Each test file starts its own (node --test runs files in parallel processes).
import { setTimeout as sleep } from 'node:timers/promises';
import { Company1Client } from '../../company1/client';
import { Company1SandboxAdmin, type SandboxOrderInput } from '../../sandbox/company1/admin-client';
import { startCompany1Sandbox, type Company1Sandbox, type Company1SandboxOptions } from '../../sandbox/company1/server';

export const API_KEY = 'test-api-key';

export interface Fixture {
  sandbox: Company1Sandbox;
  client: Company1Client;
  admin: Company1SandboxAdmin;
}

export async function startFixture(options: Partial<Company1SandboxOptions> = {}): Promise<Fixture> {
  const sandbox = await startCompany1Sandbox({ apiKey: API_KEY, port: 0, stage: 2, ...options });
  return {
    sandbox,
    client: new Company1Client({ baseUrl: sandbox.url, apiKey: API_KEY, timeoutMs: 5_000 }),
    admin: new Company1SandboxAdmin(sandbox.url),
  };
}

let customerCount = 0;
export function customerOrder(overrides: Partial<SandboxOrderInput> = {}): SandboxOrderInput {
  customerCount++;
  return {
    userId: `user-${customerCount}`,
    customer: { firstName: 'Anna', lastName: 'Petrova', phone: '+79990000000' },
    service: { id: 'trial-lesson', name: 'Trial lesson' },
    ...overrides,
  };
}

/** Polls until `probe` returns a value (no timing assertions: only a generous give-up). */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, giveUpMs = 10_000): Promise<T> {
  const deadline = Date.now() + giveUpMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await sleep(20);
  }
}

/** Raw HTTP against the sandbox, for status codes and bodies the client deliberately hides. */
export async function rawRequest(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'x-api-key': API_KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}
