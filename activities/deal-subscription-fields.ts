import type { SubscriptionFromDeal } from '../workflows/order/subscription';

/** Deal custom field ids where Company 2 keeps the subscription (null: not kept). */
export interface SubscriptionFieldIds {
  lessonsTotal: number | null;
  lessonsUsed: number | null;
  validUntil: number | null;
}

export interface SubscriptionFieldsRead {
  values: SubscriptionFromDeal;
  /** Fields with a value that is not what they should hold: named, so the order's history says why it was not used. */
  problems: string[];
}

const WHOLE = /^\d+$/;

/**
 * The subscription values a deal's custom fields hold. Lesson counts are whole numbers; amoCRM's
 * date fields hold unix seconds (an ISO date is taken too). An empty field is not a value; a value
 * that does not parse is a problem, and the package's value is used instead.
 */
export function subscriptionFieldValues(fieldValues: Record<string, string[]>, ids: SubscriptionFieldIds): SubscriptionFieldsRead {
  const values: SubscriptionFromDeal = {};
  const problems: string[] = [];
  const first = (id: number | null) => (id === null ? undefined : fieldValues[String(id)]?.find((v) => v.trim() !== '')?.trim());
  for (const key of ['lessonsTotal', 'lessonsUsed'] as const) {
    const raw = first(ids[key]);
    if (raw === undefined) continue;
    if (WHOLE.test(raw) && Number.isSafeInteger(Number(raw))) values[key] = Number(raw);
    else problems.push(`field ${ids[key]} (${key}) holds ${JSON.stringify(raw)}, not a whole number of lessons`);
  }
  const date = first(ids.validUntil);
  if (date !== undefined) {
    const ms = WHOLE.test(date) ? Number(date) * 1000 : Date.parse(date);
    if (Number.isFinite(ms) && ms > 0) values.validUntil = new Date(ms).toISOString();
    else problems.push(`field ${ids.validUntil} (validUntil) holds ${JSON.stringify(date)}, not a date`);
  }
  return { values, problems };
}
