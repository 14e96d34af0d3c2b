// Shared setup for the sandbox contract tests: a sandbox per file, a tiny API client,
// and a local webhook receiver.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AmoSandbox, type AmoSandboxOptions, SEED_PIPELINES, startAmoSandbox } from '../../sandbox/amocrm/index';

export const TOKEN = 'sandbox-test-long-lived-token';

export interface Link {
  href: string;
}

export interface FieldOut {
  field_id: number;
  field_name: string;
  field_code: string | null;
  field_type: string;
  values: { value: unknown; enum_id?: number; enum_code?: string }[];
}

export interface ValidationEntry {
  request_id: string;
  errors: { code: string; path: string; detail: string }[];
}

/**
 * A loose view of any sandbox answer (HAL entity, list, batch result or problem): a test reads
 * the fields it expects, and a missing one fails the test at run time.
 */
export interface Body {
  id: number;
  name: string;
  request_id: string;
  updated_at: number;
  is_main: boolean;
  status: number;
  title: string;
  detail: string;
  type: string | number;
  destination: string;
  settings: string[];
  disabled: boolean;
  code: string | null;
  is_editable: boolean;
  sort: number;
  _page: number;
  _total_items: number;
  custom_fields_values: FieldOut[] | null;
  'validation-errors': ValidationEntry[];
  _links: { self: Link; next?: Link; prev?: Link };
  _embedded: Record<'contacts' | 'leads' | 'pipelines' | 'statuses' | 'webhooks' | 'custom_fields' | 'tags' | 'companies', Body[]>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Body;
}

export interface Api {
  get(path: string): Promise<ApiResponse>;
  post(path: string, body: unknown): Promise<ApiResponse>;
  patch(path: string, body: unknown): Promise<ApiResponse>;
  delete(path: string, body: unknown): Promise<ApiResponse>;
  raw(path: string, init: RequestInit): Promise<ApiResponse>;
}

export function apiClient(baseUrl: string, token: string | null = TOKEN): Api {
  const raw = async (path: string, init: RequestInit): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${baseUrl}${path}`, { ...init, headers });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json: json as Body };
  };
  const withBody = (method: string) => (path: string, body: unknown) =>
    raw(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { get: (path) => raw(path, { method: 'GET' }), post: withBody('POST'), patch: withBody('PATCH'), delete: withBody('DELETE'), raw };
}

/** Rate limiting off unless a test asks for it, so ordinary tests never see a 429. */
export async function startTestSandbox(options: AmoSandboxOptions = {}): Promise<{ sandbox: AmoSandbox; api: Api }> {
  const sandbox = await startAmoSandbox({ longLivedTokens: [TOKEN], rateLimit: false, ...options });
  return { sandbox, api: apiClient(sandbox.url) };
}

export interface ReceivedHook {
  headers: http.IncomingHttpHeaders;
  body: string;
  form: Record<string, string>;
}

export interface Receiver {
  url: string;
  received: ReceivedHook[];
  /** Status to answer with, per request number (0-based). */
  respondWith: (n: number) => number;
  close(): Promise<void>;
}

export async function startReceiver(respondWith: (n: number) => number = () => 200): Promise<Receiver> {
  const received: ReceivedHook[] = [];
  const receiver: Receiver = { url: '', received, respondWith, close: () => Promise.resolve() };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, form: Object.fromEntries(new URLSearchParams(body)) });
      res.writeHead(receiver.respondWith(received.length - 1)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/amo/hook`;
  receiver.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return receiver;
}

/** Polls until `check` returns a value; the deadline only bounds a failing test. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, deadlineMs = 10_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const company2 = SEED_PIPELINES.find((p) => p.name === 'Company 2')!;
export const PIPELINE_ID = company2.id;
export const stageId = (name: string) => company2.statuses.find((s) => s.name === name)!.id;
