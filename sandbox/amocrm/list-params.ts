// Query-string handling shared by the contacts and leads lists: page/limit, `with`,
// `query`, `filter[id]`, `order`. Parsed from the raw URL because amoCRM keys look like
// `filter[id][]` and a generic query parser would mangle them.
import { badRequest } from './http';

export const MAX_LIMIT = 250;
// The API's own default limit is UNCONFIRMED (doc §3.4); 50 is what the SDK always sends.
export const DEFAULT_LIMIT = 50;

export interface ListParams {
  search: URLSearchParams;
  page: number;
  limit: number;
  query: string | undefined;
  with: Set<string>;
  filterIds: number[] | undefined;
  filterPipelineIds: number[] | undefined;
  order: { field: string; desc: boolean } | undefined;
}

function positiveInt(search: URLSearchParams, name: string, fallback: number, max?: number): number {
  const raw = search.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`${name}: This value should be a positive integer.`, issue(name, 'InvalidType', 'This value should be a positive integer.'));
  // Over-limit is UNCONFIRMED in the docs (clamp or 400); we answer 400 so a client bug shows up.
  if (max !== undefined && n > max) throw badRequest(`${name}: This value should be less than or equal to ${max}.`, issue(name, 'LessThanOrEqual', `This value should be less than or equal to ${max}.`));
  return n;
}

const issue = (path: string, code: string, detail: string) => ({ 'validation-errors': [{ request_id: '0', errors: [{ code, path, detail }] }] });

/** Values of `filter[name]`, `filter[name][]` and `filter[name][N]`; undefined when absent. */
function idFilter(search: URLSearchParams, name: string): number[] | undefined {
  const pattern = new RegExp(`^filter\\[${name}\\](\\[\\d*\\])?$`);
  const keys = [...search.keys()].filter((k) => pattern.test(k));
  if (keys.length === 0) return undefined;
  const values = [...new Set(keys)].flatMap((k) => search.getAll(k)).flatMap((v) => v.split(','));
  return values.map(Number).filter((n) => Number.isInteger(n));
}

function orderOf(search: URLSearchParams, allowed: string[]): ListParams['order'] {
  for (const [key, value] of search) {
    const m = /^order\[(\w+)\]$/.exec(key);
    if (m && allowed.includes(m[1]!)) return { field: m[1]!, desc: value.toLowerCase() === 'desc' };
  }
  return undefined;
}

export function parseListParams(url: string, orderFields: string[]): ListParams {
  const search = new URL(url, 'http://sandbox').searchParams;
  const query = search.get('query')?.trim();
  return {
    search,
    page: positiveInt(search, 'page', 1),
    limit: positiveInt(search, 'limit', DEFAULT_LIMIT, MAX_LIMIT),
    query: query ? query : undefined,
    with: new Set((search.get('with') ?? '').split(',').map((s) => s.trim()).filter(Boolean)),
    filterIds: idFilter(search, 'id'),
    filterPipelineIds: idFilter(search, 'pipeline_id'),
    order: orderOf(search, orderFields),
  };
}
