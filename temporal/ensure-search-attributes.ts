import type { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from './search-attributes';

// temporal.api.enums.v1.IndexedValueType numbers (the proto package is not a direct dependency).
export const INDEXED_VALUE_TYPE: Record<string, number> = { TEXT: 1, KEYWORD: 2, INT: 3, DOUBLE: 4, BOOL: 5, DATETIME: 6, KEYWORD_LIST: 7 };

// `--search-attribute` flags only take effect when the dev server creates its
// namespace, so a persistent SQLite file from an older version would lack newer
// attributes. Add whatever is missing at runtime; existing ones are left alone.
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
  const missing = SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type] ?? 0])),
  });
  return missing.map((key) => key.name);
}
