import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

/**
 * A history as an operator reads it in the Web UI or with `temporal workflow show`: every
 * payload's data decoded from base64 (in the JSON form payloads are base64, so a plain-text
 * search of the raw JSON would miss a secret sitting inside one).
 */
export function readableHistory(history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>>): string {
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'string') parts.push(value);
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.data === 'string' && typeof record.metadata === 'object') parts.push(Buffer.from(record.data, 'base64').toString('utf8'));
    Object.values(record).forEach(walk);
  };
  walk(JSON.parse(historyToJSON(history)));
  return parts.join('\n');
}
