import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * How the network between a client and its server behaves:
 * - `forward`: bytes flow both ways;
 * - `black-hole`: connections are accepted, open ones stay open, and nothing gets through either way, like a
 *   partition or a server that stopped answering: a caller without a deadline waits forever;
 * - `closed`: every connection is reset at once, like a server that is down (refused, and retried).
 */
export type ProxyMode = 'forward' | 'black-hole' | 'closed';

export interface TcpProxy {
  /** host:port to connect to instead of the upstream. */
  address: string;
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

/** A TCP proxy in front of `upstream` (host:port) whose link a test can break and mend. */
export async function startTcpProxy(upstream: string): Promise<TcpProxy> {
  const [host, port] = splitHostPort(upstream);
  let mode: ProxyMode = 'forward';
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  // Bytes are dropped, not held, while the hole lasts: a link from then is useless afterwards.
  const relay = (from: Socket, to: Socket) => from.on('data', (chunk: Buffer) => void (mode === 'forward' && to.write(chunk)));

  const server = createServer((downstream) => {
    track(downstream);
    if (mode === 'closed') return void downstream.resetAndDestroy();
    const up = createConnection({ host, port });
    track(up);
    up.once('close', () => downstream.destroy());
    downstream.once('close', () => up.destroy());
    relay(downstream, up);
    relay(up, downstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    address: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    setMode(next) {
      mode = next;
      // A black hole keeps open links open (silent); anything else starts from fresh connections.
      if (next !== 'black-hole') for (const socket of open) socket.destroy();
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function splitHostPort(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at).replace(/^\[|\]$/g, ''), Number(address.slice(at + 1))];
}
