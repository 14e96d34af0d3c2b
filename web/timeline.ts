// An order's timeline, from Company 1's order (what the customer was promised) and its workflow's state (when
// each step happened). Pure: the page and its live updates render the same steps.
import type { OrderView } from './order-desk';
import { TEXTS } from './texts';

export interface TimelineStep {
  key: string;
  label: string;
  /** When it happened (ISO); absent for a step done at an unknown time or still to come. */
  at?: string;
  done: boolean;
}

const RANK: Record<string, number> = { on_approval: 0, approved: 1, in_work: 2, executed: 3, rejected: 3 };

export function timelineOf({ order, state }: OrderView): { steps: TimelineStep[]; final: boolean } {
  const m = state?.milestones ?? {};
  const rank = RANK[order.status] ?? 0;
  const final = order.status === 'executed' || order.status === 'rejected';
  const inAmo = m['in-amocrm'] !== undefined || state?.dealId !== undefined || order.additionalInfo?.externalId !== undefined;
  const steps: TimelineStep[] = [
    { key: 'created', label: TEXTS.steps.created, at: order.createdAt, done: true },
    { key: 'in-amocrm', label: TEXTS.steps['in-amocrm'], at: m['in-amocrm'], done: inAmo },
    { key: 'approved', label: TEXTS.steps.approved, at: m.approved, done: order.status !== 'rejected' && rank >= 1 },
    { key: 'in_work', label: TEXTS.steps.in_work, at: m.in_work, done: order.status !== 'rejected' && rank >= 2 },
  ];
  if (m.cost !== undefined && order.cost !== null && order.cost !== undefined) steps.push({ key: 'cost', label: TEXTS.steps.cost(order.cost), at: m.cost, done: true });
  steps.push({ key: 'paid', label: TEXTS.steps.paid, at: m.paid, done: order.paid });
  if (order.subscription) {
    steps.push({ key: 'lessons', label: TEXTS.steps.lessons(order.subscription.lessonsUsed, order.subscription.lessonsTotal), at: m.lesson, done: order.subscription.lessonsUsed > 0 });
  }
  if (order.status === 'rejected') steps.push({ key: 'rejected', label: TEXTS.steps.rejected, at: m.rejected ?? order.updatedAt, done: true });
  else steps.push({ key: 'executed', label: TEXTS.steps.executed, at: m.executed ?? (final ? order.updatedAt : undefined), done: order.status === 'executed' });
  // A rejected order shows what happened, not the steps it will never reach.
  return { steps: order.status === 'rejected' ? steps.filter((s) => s.done) : steps, final };
}
