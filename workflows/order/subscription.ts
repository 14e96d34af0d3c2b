import type { LessonPackage, SubscriptionStatus } from './deal-contract';

// Stage 2's subscription status (Company 1's `subscription` field), pure so workflow code and unit
// tests share it. The rule (docs/stage2.md):
// - lessonsTotal: the deal's field when Company 2 keeps one, else the lessons of the order's service;
// - lessonsUsed: the deal's field, else the deal's moves into a lessonPassed stage; at most lessonsTotal;
// - validUntil: the deal's field, else amoCRM's time of the payment + the package's validity days;
// - state: expired once every lesson is used or validUntil has passed at the deal's latest change,
//   else active. (frozen and cancelled are Company 2's decisions, which no stage expresses yet.)

/** Values read from the deal's custom fields (config/stage2-rules.json, subscription.dealFields). */
export interface SubscriptionFromDeal {
  lessonsTotal?: number;
  lessonsUsed?: number;
  /** RFC 3339. */
  validUntil?: string;
}

export interface SubscriptionInputs {
  /** The package of the order's service; none: the service is not sold as lessons. */
  pkg?: LessonPackage;
  /** amoCRM's time of the move that marked the order paid (unix seconds). */
  paidAt?: number;
  lessonsPassed: number;
  /** amoCRM's time of the deal's change being applied (unix seconds). */
  at?: number;
  fromDeal: SubscriptionFromDeal;
}

const DAY_S = 86_400;
const iso = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/** The status to send, or undefined when neither the service nor the deal says how many lessons. */
export function subscriptionStatus(i: SubscriptionInputs): SubscriptionStatus | undefined {
  const lessonsTotal = i.fromDeal.lessonsTotal ?? i.pkg?.lessons;
  if (lessonsTotal === undefined) return undefined;
  const lessonsUsed = Math.min(i.fromDeal.lessonsUsed ?? i.lessonsPassed, lessonsTotal);
  const validUntil = i.fromDeal.validUntil ?? (i.paidAt !== undefined && i.pkg ? iso(i.paidAt + i.pkg.validityDays * DAY_S) : null);
  const lapsed = validUntil !== null && i.at !== undefined && i.at * 1000 >= Date.parse(validUntil);
  return { state: lessonsUsed >= lessonsTotal || lapsed ? 'expired' : 'active', lessonsTotal, lessonsUsed, validUntil };
}

export const sameSubscription = (a: SubscriptionStatus | undefined, b: SubscriptionStatus | undefined): boolean =>
  a !== undefined && b !== undefined && a.state === b.state && a.lessonsTotal === b.lessonsTotal && a.lessonsUsed === b.lessonsUsed && a.validUntil === b.validUntil;
