// HAL list envelope with `_links.next` only when another page exists; null means "answer 204".
import type { ListParams } from './list-params';

export function sortForList<T extends { id: number }>(items: T[], order: ListParams['order']): T[] {
  const field = (order?.field ?? 'id') as keyof T;
  const sign = order?.desc ? -1 : 1;
  return [...items].sort((a, b) => sign * (Number(a[field]) - Number(b[field]) || a.id - b.id));
}

function pageHref(origin: string, path: string, params: ListParams, page: number): string {
  const search = new URLSearchParams(params.search);
  search.set('page', String(page));
  search.set('limit', String(params.limit));
  return `${origin}${path}?${search.toString()}`;
}

export function paginate<T>(items: T[], params: ListParams, origin: string, path: string, key: string, render: (item: T) => unknown) {
  const start = (params.page - 1) * params.limit;
  const slice = items.slice(start, start + params.limit);
  if (slice.length === 0) return null; // empty search and page past the end are both 204
  const links: Record<string, { href: string }> = { self: { href: pageHref(origin, path, params, params.page) } };
  if (start + params.limit < items.length) links.next = { href: pageHref(origin, path, params, params.page + 1) };
  if (params.page > 1) links.prev = { href: pageHref(origin, path, params, params.page - 1) };
  return { _page: params.page, _links: links, _embedded: { [key]: slice.map(render) } };
}
