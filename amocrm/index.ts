// Public surface of the amoCRM client; import from '../amocrm', not from its files.
export { AmoClient, type AmoClientOptions } from './client';
export { type AttemptGuard, AttemptAbandoned } from './attempt-guard';
export { AmoError, isAmoError, type AmoErrorKind } from './errors';
export * from './activity-failure';
export { type AmoContact, type AmoDeal, type AmoWebhook, type CustomFieldIds } from './model';
export { type NewContact } from './contacts';
export { type NewDeal } from './deal-writes';
export { type PipelineOverrides, type ResolvedPipeline } from './pipelines';
export { tokenPair, type TokenPair, type TokenStore, MemoryTokenStore } from './auth/token-store';
export { FileTokenStore } from './auth/file-token-store';
export { RateLimiter, type RateLimiterOptions, type ReleaseSlot } from './rate-limiter';
export { type Clock, systemClock } from './clock';
