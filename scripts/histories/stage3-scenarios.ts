// The states where stage-3 orders (booked in the webview) sit when a deploy meets them, produced by a release
// that runs stage 3: its worker, webhook service and webview, the Company 1 sandbox signing the customers'
// tokens. The customer's side goes through the webview's pages over HTTP, as a browser would.
import { randomUUID } from 'node:crypto';
import type { Recording } from './recording';
import { saveOrder } from './stage2-scenarios';

interface Customer {
  cookie: string;
}

async function signIn(company1Url: string, webviewUrl: string): Promise<Customer> {
  const user = { id: `rec3-${randomUUID().slice(0, 8)}`, firstName: 'Olga', lastName: 'Sokolova', phone: '+79990004455' };
  const minted = await fetch(`${company1Url}/__sandbox/webview-tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) });
  const { token } = (await minted.json()) as { token: string };
  const res = await fetch(`${webviewUrl}/?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
  if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
  return { cookie: res.headers.get('set-cookie')!.split(';')[0]! };
}

const hidden = (html: string, name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

async function post(url: string, c: Customer, form: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', redirect: 'manual', headers: { cookie: c.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
}

async function book(webviewUrl: string, c: Customer): Promise<string> {
  const confirm = await (await fetch(`${webviewUrl}/services/c2-subscription-4`, { headers: { cookie: c.cookie } })).text();
  const res = await post(`${webviewUrl}/bookings`, c, { csrf: hidden(confirm, 'csrf'), serviceId: 'c2-subscription-4', bookingKey: hidden(confirm, 'bookingKey') });
  if (res.status !== 303) throw new Error(`booking answered ${res.status}: ${await res.text()}`);
  return res.headers.get('location')!.replace('/orders/', '');
}

async function cancel(webviewUrl: string, c: Customer, orderId: string): Promise<void> {
  const page = await (await fetch(`${webviewUrl}/orders/${orderId}`, { headers: { cookie: c.cookie } })).text();
  const res = await post(`${webviewUrl}/orders/${orderId}/cancel`, c, { csrf: hidden(page, 'csrf') });
  if (res.status !== 303) throw new Error(`cancel answered ${res.status}`);
}

/** Call with the release's worker, webhook service and webview in stage 3 and amoCRM's webhooks subscribed. */
export async function recordStage3(r: Recording, o: { webviewUrl: string; company1Url: string }): Promise<void> {
  const { webviewUrl, company1Url } = o;
  const following = await signIn(company1Url, webviewUrl);
  const followingId = await book(webviewUrl, following);
  const { dealId } = await r.orderIn(followingId, 'following-deal');
  await r.amoAdmin.moveDeal(dealId!, 'Recorded for trial');
  await r.until('the booked order approved', async () => ((await r.orderState(followingId)).orderStatus === 'approved' ? true : undefined));
  await saveOrder(r, 'order-stage3-following-deal', 'stage 3: booked in the webview, started at once, its deal moved to Recorded for trial; following it', followingId);

  const cancelling = await signIn(company1Url, webviewUrl);
  const cancelledId = await book(webviewUrl, cancelling);
  await r.orderIn(cancelledId, 'following-deal');
  await cancel(webviewUrl, cancelling, cancelledId);
  await r.closed(`order-${cancelledId}`);
  await saveOrder(r, 'order-stage3-cancelled', "stage 3: the customer cancelled in the webview: deal read, moved to Refusal, noted, Company 1's order rejected; completed", cancelledId);

  const late = await signIn(company1Url, webviewUrl);
  const lateId = await book(webviewUrl, late);
  const lateState = await r.orderIn(lateId, 'following-deal');
  await r.amoAdmin.moveDeal(lateState.dealId!, 'Confirmed VU');
  await r.until('in work', async () => ((await r.orderState(lateId)).orderStatus === 'in_work' ? true : undefined));
  // The page no longer offers the cancel; a cancel sent anyway (an old page, another process) is refused.
  await r.client.workflow.getHandle(`order-${lateId}`).signal('customerCancel', { allowedWhile: ['on_approval', 'approved'], note: 'recorded' });
  await r.until('the cancel refused', async () => ((await r.client.workflow.getHandle(`order-${lateId}`).query<{ cancel?: { outcome?: string } }>('state')).cancel?.outcome === 'refused' ? true : undefined));
  await saveOrder(r, 'order-stage3-cancel-refused', 'stage 3: in work when the customer cancelled: refused, recorded; following the deal', lateId);

  const used = await r.until('a used sign-in token', async () => {
    for await (const wf of r.client.workflow.list({ query: 'WorkflowType = "webviewTokenUseWorkflow" AND ExecutionStatus = "Completed"' })) return { workflowId: wf.workflowId, runId: wf.runId };
    return undefined;
  });
  await r.save('webview-token-used', 'stage 3: the record of one used sign-in token; completed', used.workflowId, used.runId);
}
