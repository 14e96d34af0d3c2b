// One import point for Company 1's contract types and schemas (see docs/company1-api.yaml).
export * from './order-schemas';
export * from './request-schemas';
export * from './problem';
export * from './notification-schema';
