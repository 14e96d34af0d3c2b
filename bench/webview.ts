// `npm run bench:webview [-- --sessions 50 --seconds 30 --bookings 10]`, by hand, not in CI. Stage 3 on a real
// dev server; the worker, the webhook service and both sandboxes run in this process (the tests' harness), the
// webview in its own process as in production.
// 1. Booking → deal: `--bookings` customers book one at a time at low load; measured from the POST of the
//    confirmation to the order's workflow knowing its amoCRM deal (polled every 20 ms).
// 2. Pages: `--sessions` signed-in customers (each with an order) load the services, confirmation, my orders,
//    order and timeline pages in a loop for `--seconds`; time to first byte per page.
// 3. Weight: each page with its CSS and script, in bytes.
// Last line: {"ttfbP95Ms": {page: ms}, "pagesPerSecond", "bookingToDealP50Ms", "pageBytes": {page: bytes}}.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { request } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stateQuery } from '../workflows/order/contract';
import { orderWorkflowId } from '../workflows/ids';
import { freePort } from '../temporal/ports';
import { AMO_TOKEN, AMO_WEBHOOK_SECRET, COMPANY1_API_KEY, NOTIFICATION_SECRET, startStage1, type Stage1 } from '../test/support/stage1';
import { testTemporal, type TestTemporal } from '../test/support/temporal';
import { runBench, untilReady } from './run-bench';

const ROOT = join(__dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => process.stderr.write(`${line}\n`);
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

interface Answer {
  status: number;
  ttfbMs: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One HTTP request with its time to first byte (the response's headers). */
function get(url: string, cookie?: string, method = 'GET', form?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method, headers: { ...(cookie ? { cookie } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) } : {}) } }, (res) => {
      const ttfbMs = performance.now() - started;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ttfbMs, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(form);
  });
}

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

async function webviewProcess(t: TestTemporal, s: Stage1): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'web', 'main.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      LOG_LEVEL: 'warn',
      INTEGRATION_STAGE: '3',
      TEMPORAL_ADDRESS: t.address,
      TEMPORAL_TASK_QUEUE: t.taskQueues.orders,
      TEMPORAL_AMOCRM_TASK_QUEUE: t.taskQueues.amocrm,
      WEBVIEW_PORT: String(port),
      OPS_PORT: '0',
      WEBVIEW_PUBLIC_URL: `http://127.0.0.1:${port}`,
      WEBVIEW_SESSION_SECRET: randomUUID() + randomUUID(),
      WEBVIEW_BOOKINGS_PER_HOUR: '1000',
      AMOCRM_BASE_URL: s.amoSandbox.url,
      AMOCRM_LONG_LIVED_TOKEN: AMO_TOKEN,
      AMOCRM_WEBHOOK_SECRET: AMO_WEBHOOK_SECRET,
      COMPANY1_BASE_URL: s.company1Url,
      COMPANY1_API_KEY,
      COMPANY1_NOTIFICATION_SECRET: NOTIFICATION_SECRET,
      COMPANY1_JWKS_URL: `${s.company1Url}/.well-known/jwks.json`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await untilReady(url, child, 'webview');
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}

async function signIn(s: Stage1, url: string): Promise<string> {
  const user = { id: `bench-${randomUUID().slice(0, 8)}`, firstName: 'Анна', lastName: 'Смирнова', phone: '+79161234501' };
  const token = await s.company1Admin.mintWebviewToken({ user });
  const res = await get(`${url}/?token=${encodeURIComponent(token)}`);
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

async function book(url: string, cookie: string): Promise<{ orderId: string; postedAt: number }> {
  const confirm = await get(`${url}/services/c2-trial-lesson`, cookie);
  const form = new URLSearchParams({ csrf: hidden(confirm.body, 'csrf'), serviceId: 'c2-trial-lesson', bookingKey: hidden(confirm.body, 'bookingKey') }).toString();
  const postedAt = performance.now();
  const res = await get(`${url}/bookings`, cookie, 'POST', form);
  if (res.status !== 303) throw new Error(`booking answered ${res.status}: ${res.body.slice(0, 200)}`);
  return { orderId: String(res.headers.location).replace('/orders/', ''), postedAt };
}

async function main() {
  const { values } = parseArgs({ options: { sessions: { type: 'string', default: '50' }, seconds: { type: 'string', default: '30' }, bookings: { type: 'string', default: '10' } } });
  const sessions = Number(values.sessions);
  const seconds = Number(values.seconds);
  const t = await testTemporal();
  const s = await startStage1(t, { integrationStage: 3, company1Stage: 3 });
  const webview = await webviewProcess(t, s);
  try {
    // 1. Booking → deal, one at a time.
    const toDeal: number[] = [];
    for (let i = 0; i < Number(values.bookings); i += 1) {
      const cookie = await signIn(s, webview.url);
      const { orderId, postedAt } = await book(webview.url, cookie);
      const handle = t.client.workflow.getHandle(orderWorkflowId(orderId));
      for (;;) {
        const state = await handle.query(stateQuery).catch(() => undefined);
        if (state?.dealId !== undefined) break;
        await sleep(20);
      }
      toDeal.push(performance.now() - postedAt);
      await sleep(300);
    }
    log(`booking → deal in amoCRM: p50 ${percentile(toDeal, 50).toFixed(0)} ms, max ${Math.max(...toDeal).toFixed(0)} ms (${toDeal.length} bookings, one at a time)`);

    // 2. Pages under concurrent sessions.
    log(`signing in ${sessions} customers and booking one order each…`);
    const customers: { cookie: string; orderId: string }[] = [];
    for (let i = 0; i < sessions; i += 1) {
      const cookie = await signIn(s, webview.url);
      customers.push({ cookie, orderId: (await book(webview.url, cookie)).orderId });
    }
    await sleep(5_000); // the bookings' deals, so the pages show orders in amoCRM
    const pages = (orderId: string): [string, string][] => [
      ['services', '/services'],
      ['confirm', '/services/c2-trial-lesson'],
      ['orders', '/orders'],
      ['order', `/orders/${orderId}`],
      ['timeline', `/orders/${orderId}/timeline`],
    ];
    const ttfb = new Map<string, number[]>();
    let failed = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      customers.map(async (c) => {
        while (performance.now() < until) {
          for (const [name, path] of pages(c.orderId)) {
            const res = await get(`${webview.url}${path}`, c.cookie);
            if (res.status !== 200) failed += 1;
            ttfb.set(name, [...(ttfb.get(name) ?? []), res.ttfbMs]);
          }
        }
      }),
    );
    const total = [...ttfb.values()].reduce((n, v) => n + v.length, 0);
    const ttfbP95Ms: Record<string, number> = {};
    for (const [name, times] of ttfb) {
      ttfbP95Ms[name] = Math.round(percentile(times, 95));
      log(`${name.padEnd(9)} TTFB p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms, p99 ${percentile(times, 99).toFixed(0)} ms (${times.length} loads)`);
    }
    log(`${sessions} sessions: ${(total / seconds).toFixed(0)} pages/s, ${failed} not 200`);

    // 3. Weight: a page with its stylesheet and script.
    const c = customers[0]!;
    const css = (await get(`${webview.url}/assets/app.css`)).body.length;
    const js = (await get(`${webview.url}/assets/live.js`)).body.length;
    const pageBytes: Record<string, number> = {};
    for (const [name, path] of pages(c.orderId)) {
      const html = Buffer.byteLength((await get(`${webview.url}${path}`, c.cookie)).body);
      pageBytes[name] = html + (name === 'timeline' ? 0 : css) + (name === 'order' ? js : 0);
    }
    log(`page weight with CSS and script (bytes): ${JSON.stringify(pageBytes)}`);
    process.stdout.write(`${JSON.stringify({ ttfbP95Ms, pagesPerSecond: Math.round(total / seconds), notOk: failed, bookingToDealP50Ms: Math.round(percentile(toDeal, 50)), pageBytes })}\n`);
  } finally {
    await webview.stop();
    await s.close();
    await t.close();
  }
}

runBench(main);
