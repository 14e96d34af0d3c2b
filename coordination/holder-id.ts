import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** Names one process (on any host) towards the account's coordinator; unique per start. */
export const processHolderId = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
