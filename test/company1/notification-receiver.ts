// A subscriber endpoint for tests: records every delivery (raw body and headers) and answers with the
// statuses it is told to, in turn (then 200).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  rawBody: string;
  headers: IncomingHttpHeaders;
  answeredStatus: number;
}

export interface NotificationReceiver {
  url: string;
  deliveries: Delivery[];
  close(): Promise<void>;
}

export async function startReceiver(answers: number[] = []): Promise<NotificationReceiver> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answeredStatus = answers.shift() ?? 200;
      deliveries.push({ rawBody: Buffer.concat(chunks).toString('utf8'), headers: req.headers, answeredStatus });
      res.statusCode = answeredStatus;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/company1/notifications`,
    deliveries,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
