import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { orderStarts } from '../../metrics/registry';
import { customerOrder, useStage1 } from '../support/stage1';
import { eventually } from '../support/wait';

const ROOT = join(__dirname, '..', '..');

// `npm run orders -- backfill --since <date>`: past orders (their notifications lost, no feed) get
// exactly one deal each, through the real command, also when it is run again or interrupted.
describe('backfill: every order since a date without a deal gets one, exactly once', () => {
  // Company 1 closes orders only after an hour: a lost order gets no second notification, only the backfill.
  const env = useStage1({ autoCloseAfterMs: 3_600_000 });

  function backfill(args: string[]): { child: ChildProcess; done: Promise<{ code: number | null; out: string }> } {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'client', 'cli.ts'), 'backfill', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DOTENV: 'off', TEMPORAL_ADDRESS: env.t.address, TEMPORAL_TASK_QUEUE: env.t.taskQueues.orders },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    return { child, done: once(child, 'exit').then(([code]) => ({ code: code as number | null, out })) };
  }

  it('past orders get their deal; orders with one are left alone; a second run and an interrupted one create nothing twice', async () => {
    const { s } = env;
    const since = new Date(Date.now() - 1_000).toISOString();
    // Two orders served as usual: they have their deal already.
    const served = await Promise.all([0, 1].map(() => s.company1Admin.createOrder(customerOrder())));
    for (const o of served) await eventually(`deal of ${o.id} written back`, async () => ((await s.company1Admin.order(o.id)).additionalInfo.externalId ? true : undefined));
    // Then the notifications are lost: these orders never reach the integration.
    await s.company1Admin.setFaults({ dropNotifications: 1 });
    const repeatUser = customerOrder();
    const lost = [];
    for (const order of [...Array.from({ length: 8 }, () => customerOrder()), repeatUser, { ...customerOrder(), userId: repeatUser.userId }]) lost.push(await s.company1Admin.createOrder(order));
    const invalid = await s.company1Admin.createOrder(customerOrder({ serviceId: 'no-such-service' }));
    await s.company1Admin.clearFaults();

    // Interrupted: the command is killed, and the worker stopped, while the backfill runs. The next
    // command attaches to the same run, which goes on once a worker is back.
    // One order at a time, amoCRM slowed down: the backfill is surely still running when it is interrupted.
    await s.amoAdmin.setFaults({ latencyMs: 300 });
    const first = backfill(['--since', since, '--window', '1']);
    await eventually('the first deal', async () => ((await s.amoAdmin.leads()).length >= 3 ? true : undefined), 60_000);
    await s.stopWorkers();
    await s.amoAdmin.clearFaults();
    first.child.kill('SIGKILL');
    const { out: firstOut } = await first.done;
    const secondRun = backfill(['--since', since, '--window', '1']);
    await new Promise((r) => setTimeout(r, 1_500));
    await s.startWorkers();
    const second = await secondRun.done;
    assert.equal(second.code, 0, second.out);
    const runOf = (text: string) => /backfill orders-backfill-\S+, run (\S+)/.exec(text)?.[1];
    assert.ok(runOf(firstOut), firstOut);
    assert.equal(runOf(second.out), runOf(firstOut), `the second command attached to the running backfill:\n${firstOut}\n---\n${second.out}`);
    assert.match(second.out, /done: 10 of 11 orders have their deal \(90 %\), 0 in flight, [\d.]+\/min, 1 need attention; 2 orders already had a deal/);

    const deals = async () => {
      const leads = await s.amoAdmin.leads();
      return (id: string) => leads.filter((l) => JSON.stringify(l).includes(`"${id}"`)).length;
    };
    const startedByBackfill = (await orderStarts.get()).values.filter((v) => v.labels.via === 'backfill' && v.labels.outcome === 'running').reduce((sum, v) => sum + v.value, 0);
    assert.ok(startedByBackfill >= 10, `the backfill started the lost orders' workflows (${startedByBackfill})`);
    const dealsOf = await deals();
    for (const o of [...served, ...lost]) assert.equal(dealsOf(o.id), 1, `one deal for order ${o.id}`);
    assert.equal(dealsOf(invalid.id), 0, 'the invalid order waits for an operator');
    const contacts = await s.amoAdmin.contacts();
    assert.equal(contacts.filter((k) => JSON.stringify(k).includes(`"${repeatUser.userId}"`)).length, 1, 'one contact for the user with two orders');

    // Run again: nothing left but the invalid order, which stays the operator's.
    const again = await backfill(['--since', since]).done;
    assert.equal(again.code, 0, again.out);
    assert.match(again.out, /done: 0 of 1 orders have their deal \(0 %\), 0 in flight, 0\/min, 1 need attention; 12 orders already had a deal/);
    const dealsAfter = await deals();
    for (const o of [...served, ...lost]) assert.equal(dealsAfter(o.id), 1, `still one deal for order ${o.id}`);
  });

  it('a bad --since is refused, naming the option', async () => {
    const { code, out } = await backfill(['--since', 'yesterday']).done;
    assert.equal(code, 1);
    assert.match(out, /backfill --since: expected a date like 2026-11-01/);
  });
});
