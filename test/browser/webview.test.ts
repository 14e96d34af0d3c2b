import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { generateKeyPair, SignJWT } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { stateQuery } from '../../workflows/order/contract';
import { launchChromium, mobileProblems, PHONE, screenshot, seriousA11yViolations } from '../support/browser';
import { useStage1 } from '../support/stage1';
import { eventually, orderWorkflowHandle } from '../support/wait';

// The webview in a real browser (Debian's Chromium, 360×640), opened from the Company 1 sandbox's app page,
// against the real worker, webhook service and both sandboxes.
describe('webview in Chromium: from the Company 1 app to a booked, followed and cancelled order', () => {
  const env = useStage1({ integrationStage: 3, company1Stage: 3 });
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  before(async () => {
    chromium = await launchChromium();
    browser = chromium.browser;
  });
  after(async () => {
    await chromium?.close();
  });

  async function phone(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(PHONE);
    return { context, page: await context.newPage() };
  }

  /** Every page a customer sees meets the bar: no serious axe violation, no horizontal scroll, big targets. */
  async function pageChecks(page: Page, name: string) {
    await screenshot(page, name);
    assert.deepEqual(await mobileProblems(page), [], `${name}: mobile problems`);
    assert.deepEqual(await seriousA11yViolations(page), [], `${name}: accessibility`);
  }

  async function openAsCustomer(page: Page, name: string) {
    await page.goto(`${env.s.company1Url}/app`);
    await page.getByRole('button', { name }).click();
    await page.waitForURL(/\/services$/);
    assert.doesNotMatch(page.url(), /token=/, 'the token is gone from the URL');
  }

  async function bookFirstService(page: Page): Promise<string> {
    await page.goto(`${env.s.webviewUrl}/services`);
    await page.getByRole('link', { name: /Записаться.*Пробное занятие/ }).click();
    await page.waitForURL(/\/services\/c2-trial-lesson$/);
    // A double tap on the confirmation: the browser sends the form twice and drops the first navigation for the
    // second (Playwright reports the dropped one as net::ERR_ABORTED); wait for the page the second one lands on.
    await page.getByRole('button', { name: 'Подтвердить запись' }).dblclick();
    await landedOn(page, /\/orders\/\d+$/);
    return page.url().split('/').pop()!;
  }

  async function landedOn(page: Page, url: RegExp): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await page.waitForURL(url, { timeout: 5_000 });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
  }

  it('signs in from the app, books with a double tap (one order), follows the manager live, cancels another order', async () => {
    const { context, page } = await phone();
    try {
      await openAsCustomer(page, 'Анна Смирнова');
      await page.waitForLoadState('networkidle');
      await pageChecks(page, 'services');

      await page.getByRole('link', { name: /Записаться.*Пробное занятие/ }).click();
      await pageChecks(page, 'confirm');
      await page.goBack();

      const before = (await env.s.company1Admin.orders()).filter((o) => o.userId === 'c1-user-1001').length;
      const orderId = await bookFirstService(page);
      assert.equal((await env.s.company1Admin.orders()).filter((o) => o.userId === 'c1-user-1001').length, before + 1, 'one order for a double tap');
      await page.locator('li.done', { hasText: 'Заказ передан менеджеру' }).waitFor({ timeout: 30_000 });
      await pageChecks(page, 'order');
      // Back to the confirmation and confirm again: the same booking, the same order.
      await page.goBack();
      await page.waitForURL(/\/services\/c2-trial-lesson$/);
      await page.getByRole('button', { name: 'Подтвердить запись' }).click();
      await page.waitForURL(/\/orders\/\d+$/);
      assert.equal(page.url().split('/').pop(), orderId, 'the back button made no second order');
      assert.equal((await env.s.company1Admin.orders()).filter((o) => o.userId === 'c1-user-1001').length, before + 1);

      // A manager moves the deal in amoCRM: the open page shows it without a reload.
      const handle = await orderWorkflowHandle(env.t.client, orderId);
      const { dealId } = await eventually('following its deal', async () => {
        const s = await handle.query(stateQuery);
        return s.phase === 'following-deal' ? s : undefined;
      });
      await env.s.amoAdmin.moveDeal(dealId!, 'Recorded for trial');
      await page.locator('li.done', { hasText: 'Запись подтверждена' }).waitFor({ timeout: 30_000 });
      await screenshot(page, 'order-approved');

      // Another order, cancelled: rejected in Company 1, Refusal in amoCRM, and the timeline says so.
      const second = await bookFirstService(page);
      assert.notEqual(second, orderId, 'a deliberate second booking of the same service is a new order');
      const secondHandle = await orderWorkflowHandle(env.t.client, second);
      await eventually('the second order follows its deal', async () => ((await secondHandle.query(stateQuery)).phase === 'following-deal' ? true : undefined));
      await page.reload();
      await page.getByRole('button', { name: 'Отменить заказ' }).click();
      await page.getByText('Вы отменили заказ').waitFor({ timeout: 30_000 });
      await pageChecks(page, 'order-cancelled');
      assert.equal((await env.s.company1Admin.order(second)).status, 'rejected');
      const secondState = await secondHandle.query(stateQuery);
      assert.equal((await env.s.amo.getDeal(secondState.dealId!))?.statusId, 143);

      await page.getByRole('link', { name: 'Мои заказы' }).click();
      await page.getByRole('heading', { name: `Заказ № ${second}` }).waitFor();
      await pageChecks(page, 'orders');
      await handle.terminate('test done');
    } finally {
      await context.close();
    }
  });

  it('every bad token shows the page asking to open the webview again from the app (401, no session)', async () => {
    const user = { id: `u-${randomUUID().slice(0, 8)}`, firstName: 'Игорь', lastName: 'Петров', phone: '+79161234502' };
    const admin = env.s.company1Admin;
    const { privateKey } = await generateKeyPair('ES256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ given_name: 'Игорь', family_name: 'Петров', phone_number: '+79161234502' })
      .setProtectedHeader({ alg: 'ES256', kid: (JSON.parse(Buffer.from((await admin.mintWebviewToken({ user })).split('.')[0]!, 'base64url').toString()) as { kid: string }).kid })
      .setSubject(user.id)
      .setAudience('company2-webview')
      .setIssuedAt(now)
      .setExpirationTime(now + 60)
      .setJti(randomUUID())
      .sign(privateKey);
    const replayed = await admin.mintWebviewToken({ user });
    const first = await phone();
    assert.equal((await first.page.goto(`${env.s.webviewUrl}/?token=${replayed}`))?.status(), 200, 'its first use signs in (and lands on the services)');
    await first.context.close();
    const cases: [string, string | undefined][] = [
      ['none', undefined],
      ['garbage', randomUUID()],
      ['expired', await admin.mintWebviewToken({ user, expiresInSec: -60 })],
      ['wrong audience', await admin.mintWebviewToken({ user, audience: 'another-partner' })],
      ['forged', forged],
      ['replayed', replayed],
    ];
    for (const [name, token] of cases) {
      const { context, page } = await phone();
      try {
        const res = await page.goto(`${env.s.webviewUrl}/${token === undefined ? '' : `?token=${token}`}`);
        assert.equal(res?.status(), 401, name);
        await page.getByText('Откройте эту страницу ещё раз из приложения Компании 1').waitFor();
        if (name === 'expired') await pageChecks(page, 'sign-in-again');
        assert.equal((await page.goto(`${env.s.webviewUrl}/orders`))?.status(), 401, `${name}: no session`);
        assert.deepEqual(await context.cookies(), [], `${name}: no cookie`);
      } finally {
        await context.close();
      }
    }
  });

  it("another customer's order is not found, in the browser too", async () => {
    const owner = await phone();
    const stranger = await phone();
    try {
      await openAsCustomer(owner.page, 'Мария Иванова');
      const orderId = await bookFirstService(owner.page);
      await openAsCustomer(stranger.page, 'Игорь Петров');
      const res = await stranger.page.goto(`${env.s.webviewUrl}/orders/${orderId}`);
      assert.equal(res?.status(), 404);
      await stranger.page.getByRole('heading', { name: 'Не найдено' }).waitFor();
      assert.equal((await stranger.page.goto(`${env.s.webviewUrl}/orders/${orderId}/timeline`))?.status(), 404);
      await stranger.page.goto(`${env.s.webviewUrl}/orders`);
      assert.equal(await stranger.page.getByText(`Заказ № ${orderId}`).count(), 0);
    } finally {
      await owner.context.close();
      await stranger.context.close();
    }
  });

  it('a page with its CSS and script weighs under 100 KB', async () => {
    const { context, page } = await phone();
    try {
      await openAsCustomer(page, 'Мария Иванова');
      const bytes = new Map<string, number>();
      page.on('response', (r) => void r.body().then((b) => bytes.set(r.url(), b.length), () => undefined));
      const orderId = await bookFirstService(page);
      await page.reload({ waitUntil: 'networkidle' });
      const own = [...bytes].filter(([url]) => url.startsWith(env.s.webviewUrl!) && (url.endsWith(`/orders/${orderId}`) || url.includes('/assets/')));
      const total = own.reduce((sum, [, n]) => sum + n, 0);
      assert.ok(own.length >= 3, `the page, its CSS and its script: ${own.map(([u]) => u).join(', ')}`);
      assert.ok(total <= 100 * 1024, `order page weighs ${total} bytes`);
    } finally {
      await context.close();
    }
  });
});
