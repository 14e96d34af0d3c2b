import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';

type TemporalConfig = Config['temporal'];

// The one place that turns settings into a Temporal connection, so the worker,
// the webhook service and the CLI can never read them differently.
export function temporalAddress(t: TemporalConfig): string {
  return t.address ?? `${t.devServer.ip}:${t.devServer.port}`;
}

function tlsOptions(t: TemporalConfig) {
  if (!t.tls) return undefined;
  const read = (path: string | undefined) => (path ? readFileSync(path) : undefined);
  const crt = read(t.tls.certPath);
  const key = read(t.tls.keyPath);
  return {
    serverNameOverride: t.tls.serverName,
    serverRootCACertificate: read(t.tls.caPath),
    clientCertPair: crt && key ? { crt, key } : undefined,
  };
}

function connectionOptions(t: TemporalConfig) {
  return { address: temporalAddress(t), tls: tlsOptions(t), apiKey: t.apiKey };
}

export async function connectClient(t: TemporalConfig): Promise<Client> {
  const connection = await Connection.connect({ ...connectionOptions(t), connectTimeout: '10s' });
  return new Client({ connection, namespace: t.namespace });
}

export async function connectWorker(t: TemporalConfig): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(t));
}
