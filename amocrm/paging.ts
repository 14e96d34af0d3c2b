import type * as z from 'zod';
import { type ApiTransport } from './api-transport';
import { AmoError } from './errors';

interface Page<T> {
  _links?: { next?: { href: string } };
  items: T[];
}

// Walks a list by `_links.next`. The next href is absolute on the account host; we keep only
// its query string so requests (and the bearer) never leave the configured base URL.
// A list longer than `maxPages` is an error, never a silent cut: callers decide "not found"
// from what comes back, and a cut list would make that a guess.
export async function collectPages<T, B>(
  api: ApiTransport,
  path: string,
  query: URLSearchParams,
  schema: z.ZodType<B>,
  toPage: (body: B) => Page<T>,
  shouldStop: (itemsSoFar: T[]) => boolean = () => false,
  maxPages = 40,
): Promise<T[]> {
  const items: T[] = [];
  let nextQuery: URLSearchParams | null = query;
  for (let page = 0; nextQuery; page += 1) {
    if (page >= maxPages) {
      throw new AmoError('search-incomplete', `more than ${maxPages} pages (${items.length} candidates so far) match; an exact answer needs all of them`, { request: `GET ${path}` });
    }
    const body = await api.request({ method: 'GET', path, query: nextQuery, schema });
    if (body === null) break;
    const { _links, items: pageItems } = toPage(body);
    items.push(...pageItems);
    if (shouldStop(items)) break;
    nextQuery = _links?.next ? new URL(_links.next.href, 'http://next.invalid').searchParams : null;
  }
  return items;
}
