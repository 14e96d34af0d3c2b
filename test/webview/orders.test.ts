import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { stateQuery } from '../../workflows/order/contract';
import type { reconcileDealsWorkflow } from '../../workflows/reconciliation/workflow';
import { useStage1 } from '../support/stage1';
import { eventually, orderWorkflowHandle } from '../support/wait';
import { webviewHttp } from './webview-http';

// Booking, the customer's orders, the timeline and cancel over HTTP, with the real worker, webhook service
// and both sandboxes (stage 3: the deal's stages drive Company 1's order).
describe('webview: booking, orders, cancel', () => {
  const env = useStage1({ integrationStage: 3, company1Stage: 3, webview: { bookingsPerHour: 3 } });

  async function customer() {
    const web = webviewHttp(env.s.webviewUrl!);
    const user = { id: `u-${randomUUID().slice(0, 8)}`, firstName: 'Игорь', lastName: 'Петров', phone: '+79161234502' };
    await web.signIn(await env.s.company1Admin.mintWebviewToken({ user }));
    return { web, user };
  }
  const confirmForm = async (web: ReturnType<typeof webviewHttp>, serviceId = 'c2-trial-lesson') => web.formOf((await web.get(`/services/${serviceId}`)).text, '/bookings');
  const ordersOf = async (userId: string) => (await env.s.company1Admin.orders()).filter((o) => o.userId === userId);

  /** The order's workflow once it follows its deal. */
  async function followingDeal(orderId: string) {
    const handle = await orderWorkflowHandle(env.t.client, orderId);
    const { dealId } = await eventually('following its deal', async () => {
      const s = await handle.query(stateQuery);
      return s.phase === 'following-deal' ? s : undefined;
    });
    return { handle, dealId: dealId! };
  }

  async function book(web: ReturnType<typeof webviewHttp>, serviceId?: string) {
    const res = await web.post('/bookings', await confirmForm(web, serviceId));
    assert.equal(res.status, 303, res.text);
    return String(res.headers.location).replace('/orders/', '');
  }

  it('a double tap and a repeated form make one order, one workflow, one deal; the timeline follows the manager in amoCRM', async () => {
    const { web, user } = await customer();
    const form = await confirmForm(web);
    const answers = await Promise.all([web.post('/bookings', form), web.post('/bookings', form)]);
    const again = await web.post('/bookings', form); // a refresh, or the back button and confirm again
    const locations = new Set([...answers, again].map((r) => r.headers.location));
    assert.equal(locations.size, 1, `one order: ${[...locations].join(', ')}`);
    const orderId = String([...locations][0]).replace('/orders/', '');
    const mine = await ordersOf(user.id);
    assert.deepEqual(mine.map((o) => o.id), [orderId]);
    assert.deepEqual({ customer: mine[0]!.customer, service: mine[0]!.service.id, cost: mine[0]!.cost }, { customer: { firstName: 'Игорь', lastName: 'Петров', phone: '+79161234502' }, service: 'c2-trial-lesson', cost: 990 });

    const handle = await orderWorkflowHandle(env.t.client, orderId);
    const state = await eventually('the deal followed', async () => {
      const s = await handle.query(stateQuery);
      return s.phase === 'following-deal' ? s : undefined;
    });
    assert.equal(state.stage, 3);
    const page = await web.get(`/orders/${orderId}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Заказ передан менеджеру<\/span> <span class="when">\d/, 'in amoCRM, with its time');
    assert.match(page.text, /Отменить заказ/);
    const deals = await env.s.amo.findDealByDetmirOrderId(orderId);
    assert.equal(deals?.id, state.dealId);

    await env.s.amoAdmin.moveDeal(state.dealId!, 'Recorded for trial');
    await eventually('the timeline shows the approval', async () => ((await web.get(`/orders/${orderId}/timeline`)).text.match(/class="done"><span class="label">Запись подтверждена/) ? true : undefined));
    const list = await web.get('/orders');
    assert.match(list.text, new RegExp(`Заказ № ${orderId}`));
    assert.match(list.text, /Пробное занятие/);
  });

  it('another customer never sees or cancels the order (404), and a form without its CSRF token changes nothing', async () => {
    const owner = await customer();
    const orderId = await book(owner.web);
    const stranger = await customer();
    assert.equal((await stranger.web.get(`/orders/${orderId}`)).status, 404);
    assert.equal((await stranger.web.get(`/orders/${orderId}/timeline`)).status, 404);
    const strangerCsrf = (await confirmForm(stranger.web)).csrf!;
    assert.equal((await stranger.web.post(`/orders/${orderId}/cancel`, { csrf: strangerCsrf })).status, 404);
    assert.doesNotMatch((await stranger.web.get('/orders')).text, new RegExp(orderId));
    assert.equal((await owner.web.post(`/orders/${orderId}/cancel`, { csrf: strangerCsrf })).status, 403, "another session's CSRF token");
    assert.equal((await owner.web.post(`/orders/${orderId}/cancel`, {})).status, 400);
    const noCsrf = await confirmForm(owner.web, 'c2-subscription-4');
    assert.equal((await owner.web.post('/bookings', { ...noCsrf, csrf: '' })).status, 403);
    assert.equal((await ordersOf(owner.user.id)).length, 1, 'no booking without the token');
    const state = await (await orderWorkflowHandle(env.t.client, orderId)).query(stateQuery);
    assert.equal(state.cancel, undefined, 'no cancel');
  });

  it('cancel before the order is in work: Refusal in amoCRM with one note, rejected in Company 1, shown on the timeline', async () => {
    const { web } = await customer();
    const orderId = await book(web);
    const { handle, dealId } = await followingDeal(orderId);
    const form = web.formOf((await web.get(`/orders/${orderId}`)).text, `/orders/${orderId}/cancel`);
    assert.equal((await web.post(`/orders/${orderId}/cancel`, form)).status, 303);
    assert.equal((await web.post(`/orders/${orderId}/cancel`, form)).status, 303, 'a double tap is one cancel');
    const final = await handle.result();
    assert.equal(final.orderStatus, 'rejected');
    assert.equal((await env.s.company1Admin.order(orderId)).status, 'rejected');
    assert.equal((await env.s.amo.getDeal(dealId))?.statusId, 143);
    assert.deepEqual(await env.s.amo.dealNoteTexts(dealId), [`Покупатель отменил заказ № ${orderId} в приложении Компании 1.`]);
    const timeline = (await web.get(`/orders/${orderId}/timeline`)).text;
    assert.match(timeline, /Заказ отменён/);
    assert.match(timeline, /Вы отменили заказ/);
    assert.match(timeline, /data-final="true"/);
    assert.doesNotMatch(timeline, /Отменить заказ/);
  });

  it('once the order is in work the customer cannot cancel it', async () => {
    const { web } = await customer();
    const orderId = await book(web);
    const { handle, dealId } = await followingDeal(orderId);
    const form = web.formOf((await web.get(`/orders/${orderId}`)).text, `/orders/${orderId}/cancel`);
    await env.s.amoAdmin.moveDeal(dealId, 'Confirmed VU');
    await eventually('in work', async () => ((await env.s.company1Admin.order(orderId)).status === 'in_work' ? true : undefined));
    assert.doesNotMatch((await web.get(`/orders/${orderId}`)).text, /Отменить заказ/);
    assert.equal((await web.post(`/orders/${orderId}/cancel`, form)).status, 409, 'an old form is refused');
    assert.equal((await env.s.amo.getDeal(dealId))?.statusId !== 143, true);
    await handle.terminate('test done');
  });

  it('Company 1 down at booking: a clear 503 page and no order; the same form once it is back books once', async () => {
    const { web, user } = await customer();
    const form = await confirmForm(web);
    await env.s.company1Admin.setFaults({ errorRatio5xx: 1 });
    let down;
    try {
      down = await web.post('/bookings', form);
    } finally {
      await env.s.company1Admin.clearFaults();
    }
    assert.equal(down.status, 503);
    assert.match(down.text, /Сервис временно недоступен/);
    assert.equal((await ordersOf(user.id)).length, 0);
    assert.equal((await web.post('/bookings', form)).status, 303);
    assert.equal((await web.post('/bookings', form)).status, 303);
    assert.equal((await ordersOf(user.id)).length, 1);
  });

  it("a lost webhook of a stage-3 order's deal is made up by the reconciliation", async () => {
    const { web } = await customer();
    const orderId = await book(web);
    const { handle, dealId } = await followingDeal(orderId);
    await env.s.amoAdmin.setFaults({ webhooks: { drop: 1 } });
    try {
      await env.s.amoAdmin.moveDeal(dealId, 'Confirmed VU');
    } finally {
      await env.s.amoAdmin.clearFaults();
    }
    await env.t.client.workflow.execute<typeof reconcileDealsWorkflow>('reconcileDealsWorkflow', { taskQueue: env.t.taskQueues.orders, workflowId: `reconcile-${randomUUID()}`, args: [] });
    await eventually('caught up', async () => ((await env.s.company1Admin.order(orderId)).status === 'in_work' ? true : undefined));
    await handle.terminate('test done');
  });

  it('bookings are limited per customer (a repeat of one booking does not count)', async () => {
    const { web, user } = await customer();
    const first = await confirmForm(web);
    for (let i = 0; i < 3; i += 1) assert.equal((await web.post('/bookings', i === 0 ? first : await confirmForm(web))).status, 303);
    assert.equal((await web.post('/bookings', first)).status, 303, 'the first booking again');
    const refused = await web.post('/bookings', await confirmForm(web));
    assert.equal(refused.status, 429);
    assert.match(refused.text, /Попробуйте позже/);
    assert.equal((await ordersOf(user.id)).length, 3);
  });
});
