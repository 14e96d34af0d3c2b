// `npm run bench:amocrm`: how close one AmoClient gets to amoCRM's 7 requests/s without a 429.
// Starts the sandbox with the real limits, drives one client from several concurrent callers
// and prints what the sandbox saw. Measured, not asserted.
import { AmoClient } from '../amocrm';
import { createLogger } from '../logging/logger';
import { startAmoSandbox } from '../sandbox/amocrm';

const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const CALLERS = Number(process.env.BENCH_CALLERS ?? 8);
// Simulated server latency, to see what holding a slot until the answer costs over a real network.
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 0);

async function main(): Promise<void> {
  const sandbox = await startAmoSandbox({ port: 0, longLivedTokens: ['bench-token'] });
  const admin = sandbox.admin;
  const client = new AmoClient({ baseUrl: sandbox.url, auth: { kind: 'long-lived', token: 'bench-token' }, logger: createLogger('bench', 30) });
  try {
    const { pipelineId, stages } = await client.resolvePipeline('Company 2');
    const statusId = stages['New lead']!;
    const deals: number[] = [];
    let next = 0;
    let failures = 0;
    // Mix per 5 calls: 1 complex create, 1 contact search, 1 deal read, 1 price update, 1 deal search.
    const call = async (n: number): Promise<void> => {
      const orderId = `bench-${n}`;
      const known = deals[n % Math.max(1, deals.length)];
      switch (n % 5) {
        case 0: {
          const contact = { firstName: 'Bench', lastName: `#${n}`, phone: `+7900${String(n).padStart(7, '0')}`, detmirUserId: `bench-user-${n}` };
          const { dealId } = await client.createDealWithContact({ name: `Order ${orderId}`, pipelineId, statusId, detmirOrderId: orderId, price: n, contact });
          deals.push(dealId);
          return;
        }
        case 1:
          await client.findContactByDetmirUserId(`bench-user-${n - 1}`);
          return;
        case 2:
          if (known !== undefined) await client.getDeal(known);
          return;
        case 3:
          if (known !== undefined) await client.updateDealPrice(known, n);
          return;
        default:
          await client.findDealByDetmirOrderId(`bench-${n - 4}`);
      }
    };
    const worker = async (): Promise<void> => {
      for (let n = next++; n < CALLS; n = next++) await call(n).catch(() => void (failures += 1));
    };
    if (LATENCY_MS > 0) await admin.setFaults({ latencyMs: LATENCY_MS });
    await admin.clearRequests();
    const before = client.requestCount;
    const started = Date.now();
    await Promise.all(Array.from({ length: CALLERS }, worker));
    const seconds = (Date.now() - started) / 1000;
    const requests = client.requestCount - before;
    const stats = await admin.requestStats();
    const report = {
      calls: CALLS,
      callers: CALLERS,
      latencyMs: LATENCY_MS,
      failedCalls: failures,
      httpRequests: requests,
      seconds: Number(seconds.toFixed(1)),
      requestsPerSecond: Number((requests / seconds).toFixed(2)),
      sandboxTotal: stats.total,
      sandbox429s: stats.rateLimited,
      sandboxMaxInAnySecond: stats.maxInAnySecond,
      sandboxAverageRps: Number(stats.averageRps.toFixed(2)),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await sandbox.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${String(err)}\n`);
  process.exitCode = 1;
});
