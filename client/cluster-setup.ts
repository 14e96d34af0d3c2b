import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { INDEXED_VALUE_TYPE } from '../temporal/ensure-search-attributes';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes';

// `npm run cluster:setup`: what a real Temporal cluster must have before the first worker starts.
// Each step reads first and changes only what differs, so it is safe to run on every deploy.

// temporal.api.enums.v1 numbers (the proto package is not a direct dependency).
const TYPE_NAME = Object.fromEntries(Object.entries(INDEXED_VALUE_TYPE).map(([k, v]) => [v, k]));
const TASK_QUEUE_TYPE_ACTIVITY = 2;

/**
 * SQL visibility (PostgreSQL, MySQL, SQLite; server v1.29.1 common/searchattribute/defs.go) gives each
 * namespace fixed slots per type. Ours must fit, together with whatever else the namespace holds.
 */
export const SQL_VISIBILITY_SLOTS: Record<string, number> = { INT: 3, BOOL: 3, DOUBLE: 3, DATETIME: 3, TEXT: 3, KEYWORD_LIST: 3, KEYWORD: 10 };

export interface ClusterSetupOptions {
  namespace: string;
  retentionMs: number;
  amocrmTaskQueue: string;
  /** The amocrm queue's server-side limit of activity attempts per second (AMOCRM_TASK_QUEUE_RATE). */
  amocrmActivitiesPerSecond: number;
  /** How long to wait for a new namespace to reach every frontend's cache. */
  propagationTimeoutMs?: number;
}

export class ClusterSetupFailed extends Error {}

/** The two services the setup uses (a client's connection, or a plain Connection). */
type Services = Pick<Connection, 'workflowService' | 'operatorService'>;

/** Our attributes that do not fit SQL visibility's slots, as sentences (empty: they fit). */
export function slotProblems(existing: Record<string, number>): string[] {
  const used = new Map<string, number>();
  const names = new Map<string, string[]>();
  const all = { ...existing };
  for (const key of SEARCH_ATTRIBUTES) all[key.name] ??= INDEXED_VALUE_TYPE[key.type]!;
  for (const [name, type] of Object.entries(all)) {
    const typeName = TYPE_NAME[type] ?? String(type);
    used.set(typeName, (used.get(typeName) ?? 0) + 1);
    names.set(typeName, [...(names.get(typeName) ?? []), name]);
  }
  return [...used].flatMap(([type, count]) =>
    count > (SQL_VISIBILITY_SLOTS[type] ?? Infinity)
      ? [`${count} ${type} search attributes (${names.get(type)!.join(', ')}) but SQL visibility has ${SQL_VISIBILITY_SLOTS[type]} ${type} slots per namespace`]
      : [],
  );
}

const grpcCode = (err: unknown) => (err as { code?: number }).code;
const NOT_FOUND = 5;

async function ensureNamespace(connection: Services, o: ClusterSetupOptions): Promise<string> {
  const seconds = Math.round(o.retentionMs / 1000);
  try {
    const found = await connection.workflowService.describeNamespace({ namespace: o.namespace });
    const current = Number(found.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
    if (current === seconds) return `namespace ${o.namespace}: exists, retention ${formatDays(seconds)}`;
    await connection.workflowService.updateNamespace({ namespace: o.namespace, config: { workflowExecutionRetentionTtl: msToTs(o.retentionMs) } });
    return `namespace ${o.namespace}: retention ${formatDays(current)} → ${formatDays(seconds)}`;
  } catch (err) {
    if (grpcCode(err) !== NOT_FOUND) throw err;
  }
  await connection.workflowService.registerNamespace({
    namespace: o.namespace,
    description: 'Company 1 ⇄ amoCRM order integration',
    workflowExecutionRetentionPeriod: msToTs(o.retentionMs),
  });
  return `namespace ${o.namespace}: registered, retention ${formatDays(seconds)}`;
}

const formatDays = (seconds: number) => (seconds % 86_400 === 0 ? `${seconds / 86_400}d` : `${seconds}s`);

/**
 * A new namespace is known to each frontend only after its namespace cache refreshes (about 10 s):
 * retry the first namespace-scoped call until then.
 */
async function onceNamespaceKnown<T>(o: ClusterSetupOptions, call: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + (o.propagationTimeoutMs ?? 60_000);
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (grpcCode(err) !== NOT_FOUND || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

async function ensureSearchAttributes(connection: Services, o: ClusterSetupOptions): Promise<string> {
  const listed = await onceNamespaceKnown(o, () => connection.operatorService.listSearchAttributes({ namespace: o.namespace }));
  const existing = Object.fromEntries(Object.entries(listed.customAttributes ?? {}).map(([k, v]) => [k, Number(v)]));
  const wrongType = SEARCH_ATTRIBUTES.filter((key) => key.name in existing && existing[key.name] !== INDEXED_VALUE_TYPE[key.type]);
  if (wrongType.length) {
    throw new ClusterSetupFailed(
      wrongType.map((key) => `search attribute ${key.name} exists as ${TYPE_NAME[existing[key.name]!]}, the integration needs ${key.type}`).join('\n') +
        '\n  A search attribute cannot change type: remove it (temporal operator search-attribute remove) and run this again.',
    );
  }
  const problems = slotProblems(existing);
  if (problems.length) throw new ClusterSetupFailed(`the namespace ${o.namespace} cannot hold the integration's search attributes:\n  ${problems.join('\n  ')}`);
  const missing = SEARCH_ATTRIBUTES.filter((key) => !(key.name in existing));
  if (missing.length === 0) return `search attributes: all ${SEARCH_ATTRIBUTES.length} present`;
  await onceNamespaceKnown(o, () =>
    connection.operatorService.addSearchAttributes({
      namespace: o.namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type]!])),
    }),
  );
  return `search attributes: added ${missing.map((k) => `${k.name} (${k.type})`).join(', ')}`;
}

/**
 * The amocrm queue's rate, set on the server (it then applies whatever the workers say, and before
 * any worker polls). A pre-filter only: amoCRM's 7/s is held by the account coordinator. Partitions
 * are dynamic config on the server, which no API sets: the server's default (4) is what we test with.
 */
async function ensureQueueRate(connection: Services, o: ClusterSetupOptions): Promise<string> {
  const response = await onceNamespaceKnown(o, () =>
    connection.workflowService.updateTaskQueueConfig({
      namespace: o.namespace,
      taskQueue: o.amocrmTaskQueue,
      taskQueueType: TASK_QUEUE_TYPE_ACTIVITY,
      identity: 'cluster-setup',
      updateQueueRateLimit: { rateLimit: { requestsPerSecond: o.amocrmActivitiesPerSecond }, reason: 'AMOCRM_TASK_QUEUE_RATE (cluster:setup)' },
    }),
  );
  const rate = response.config?.queueRateLimit?.rateLimit?.requestsPerSecond;
  return `task queue ${o.amocrmTaskQueue}: at most ${rate ?? o.amocrmActivitiesPerSecond} activity attempts/s`;
}

/** Runs every step; returns one line per step for the operator. */
export async function setupCluster(connection: Services, o: ClusterSetupOptions): Promise<string[]> {
  const lines = [await ensureNamespace(connection, o)];
  lines.push(await ensureSearchAttributes(connection, o));
  lines.push(await ensureQueueRate(connection, o));
  return lines;
}
