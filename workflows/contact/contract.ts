import { defineUpdate } from '@temporalio/workflow';

// The per-user entity workflow that owns "exactly one amoCRM contact per Company 1 user".

export interface UserContactInput {
  userId: string;
  amocrmTaskQueue: string;
  /** Known from an earlier run (continue-as-new carries it). */
  contactId?: number;
  /** Deals created here together with the contact, by order id (continue-as-new carries them). */
  dealsByOrder?: Record<string, number>;
  idleTimeoutMs?: number;
}

export interface Customer {
  firstName: string;
  lastName: string;
  phone: string;
}

/** A deal to create together with the contact when the user turns out to be new (`/leads/complex`). */
export interface DealDraft {
  orderId: string;
  name: string;
  price?: number;
}

export interface EnsureContactRequest {
  /** Which try of the order's contact step this is: a new try is a new update, not a replay of a failed one. */
  try: number;
  /** The order workflow's first run id: an operator's restart never reuses an earlier run's update ids. */
  run?: string;
  userId: string;
  customer: Customer;
  deal: DealDraft;
  /** amoCRM answered that this contact does not exist (merged or deleted): forget it and find the user's contact again. */
  staleContactId?: number;
}

export interface EnsureContactResult {
  contactId: number;
  /** Set when the deal was created together with a new contact. */
  dealId?: number;
  /** The activity had to retry: an earlier attempt may have been answered without us hearing it. */
  retried?: boolean;
}

export const ensureContactUpdate = defineUpdate<EnsureContactResult, [EnsureContactRequest]>('ensureContact');
