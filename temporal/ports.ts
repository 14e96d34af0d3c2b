import { createServer } from 'node:net';

export class PortInUse extends Error {}

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port: 0, host }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const picked = new Set<number>();

/**
 * A free port below the OS's ephemeral range (Linux: 32768 and up). A port from freePort() is free
 * when picked, but any process that binds port 0 before ours starts may get it; one below the range
 * is never handed out that way. For ports a child process binds seconds later (npm start, a server).
 */
export async function freeFixedPort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!picked.has(port) && (await isPortFree(port, host))) {
      picked.add(port);
      return port;
    }
  }
}

/** Fails fast with a message that says what to change, instead of a server that hangs or dies obscurely. */
export async function assertPortsFree(ports: { port: number; setting: string; what: string }[], host: string): Promise<void> {
  for (const { port, setting, what } of ports) {
    if (!(await isPortFree(port, host))) {
      throw new PortInUse(
        `Port ${port} on ${host} (${what}) is already in use. Stop whatever holds it (\`ss -ltnp 'sport = :${port}'\` shows it) ` +
          `or choose another port with ${setting}=<port>.`,
      );
    }
  }
}
