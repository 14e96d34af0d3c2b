import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTemporalCli } from '../../temporal/cli-binary';
import { startDevServer, type DevServer } from '../../temporal/dev-server';
import { ensureSearchAttributes } from '../../temporal/ensure-search-attributes';
import { freePort } from '../../temporal/ports';
import { writeWorkflowBundle } from '../../temporal/workflow-bundle';
import { TEST_DEV_SERVER_DYNAMIC_CONFIG } from './dev-server-settings';

// The real Temporal server for a test file: the one `npm test` started (TEMPORAL_ADDRESS),
// or, when a file is run alone with `node --test`, a dev server of its own.

export interface TestTemporal {
  address: string;
  namespace: string;
  client: Client;
  workerConnection: NativeConnection;
  workflowBundlePath: string;
  /** Task queues unique to this test file, so files sharing the server never steal each other's tasks. */
  taskQueues: { orders: string; amocrm: string };
  close(): Promise<void>;
}

let runtimeInstalled = false;

function bundlePath(): Promise<string> {
  if (process.env.WORKFLOW_BUNDLE_PATH) return Promise.resolve(process.env.WORKFLOW_BUNDLE_PATH);
  return writeWorkflowBundle(mkdtempSync(join(tmpdir(), 'c1amo-bundle-')));
}

export async function testTemporal(): Promise<TestTemporal> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  let server: DevServer | undefined;
  let address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    server = await startDevServer({ binary: ensureTemporalCli(), ip: '127.0.0.1', port: await freePort(), namespace: 'default', dynamicConfig: TEST_DEV_SERVER_DYNAMIC_CONFIG });
    address = server.address;
  }
  const namespace = 'default';
  const connection = await Connection.connect({ address });
  await ensureSearchAttributes(connection, namespace);
  const client = new Client({ connection, namespace });
  const workerConnection = await NativeConnection.connect({ address });
  const suffix = randomUUID().slice(0, 8);
  return {
    address,
    namespace,
    client,
    workerConnection,
    workflowBundlePath: await bundlePath(),
    taskQueues: { orders: `orders-${suffix}`, amocrm: `amocrm-${suffix}` },
    async close() {
      await workerConnection.close();
      await connection.close();
      await server?.stop();
    },
  };
}
