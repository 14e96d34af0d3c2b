// The webview's pages. Each is complete HTML from the server; the order page's script only refreshes its timeline.
import type { BookableService, OrderSummary, OrderView } from '../order-desk';
import type { Customer } from '../sign-in';
import { type TimelineStep, timelineOf } from '../timeline';
import { TEXTS } from '../texts';
import { html, Markup } from './html';
import { layout } from './layout';

const packageLine = (s: BookableService) =>
  s.lessons !== undefined && s.validityDays !== undefined ? `${TEXTS.services.lessons(s.lessons)}, ${TEXTS.services.validity(s.validityDays)}` : '';

export function servicesPage(services: BookableService[]): string {
  const items = services.map(
    (s) => html`<li class="card">
<h2>${s.title ?? s.name}</h2>
${s.description ? html`<p>${s.description}</p>` : ''}
<p class="meta"><span class="price">${TEXTS.price(s.price)}</span> ${packageLine(s)}</p>
<a class="button" href="/services/${encodeURIComponent(s.id)}">${TEXTS.services.book}<span class="visually-hidden">: ${s.title ?? s.name}</span></a>
</li>`,
  );
  return layout(TEXTS.services.title, html`<p>${TEXTS.services.intro}</p><ul class="cards">${items}</ul>`, { nav: 'services' });
}

/** The confirmation step: its form carries the booking's idempotency key, so repeating it repeats one booking. */
export function confirmPage(service: BookableService, customer: Customer, csrf: string, bookingKey: string): string {
  return layout(
    TEXTS.confirm.title,
    html`<p>${TEXTS.confirm.lead}</p>
<section class="card">
<h2>${service.title ?? service.name}</h2>
<p class="meta">${packageLine(service)}</p>
<dl>
<dt>${TEXTS.confirm.price}</dt><dd>${TEXTS.price(service.price)}</dd>
<dt>${TEXTS.confirm.customer}</dt><dd>${customer.firstName} ${customer.lastName}</dd>
</dl>
</section>
<form method="post" action="/bookings">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="serviceId" value="${service.id}">
<input type="hidden" name="bookingKey" value="${bookingKey}">
<button type="submit" class="button primary">${TEXTS.confirm.submit}</button>
</form>
<p><a href="/services">${TEXTS.confirm.back}</a></p>`,
    { nav: 'services' },
  );
}

export function ordersPage(orders: OrderSummary[]): string {
  const body = orders.length
    ? html`<ul class="cards">${orders.map(
        (o) => html`<li class="card">
<h2>${TEXTS.orders.number(o.orderId)}</h2>
<p>${o.serviceName}</p>
<p class="meta">${o.status ? TEXTS.status[o.status] ?? o.status : ''} · ${TEXTS.at(o.startedAt.toISOString())}</p>
<a class="button" href="/orders/${encodeURIComponent(o.orderId)}">${TEXTS.orders.open}<span class="visually-hidden">: ${TEXTS.orders.number(o.orderId)}</span></a>
</li>`,
      )}</ul>`
    : html`<p>${TEXTS.orders.empty}</p>`;
  return layout(TEXTS.orders.title, body, { nav: 'orders' });
}

function stepItem(s: TimelineStep): Markup {
  return html`<li class="${s.done ? 'done' : 'pending'}"><span class="label">${s.label}</span> <span class="when">${s.done ? (s.at ? TEXTS.at(s.at) : '') : TEXTS.steps.pending}</span></li>`;
}

/** The part of the order page the live script refreshes. */
export function timelineFragment(view: OrderView, cancel: { allowed: boolean; csrf: string }): string {
  const { steps, final } = timelineOf(view);
  const c = view.state?.cancel;
  const cancelNote = c
    ? html`<p class="notice" role="status">${c.outcome === 'refused' ? TEXTS.order.cancelRefused : c.outcome === 'cancelled' || view.order.status === 'rejected' ? TEXTS.order.cancelled : TEXTS.order.cancelRequested}</p>`
    : '';
  const cancelForm = cancel.allowed
    ? html`<form method="post" action="/orders/${encodeURIComponent(view.order.id)}/cancel">
<input type="hidden" name="csrf" value="${cancel.csrf}">
<button type="submit" class="button danger">${TEXTS.order.cancel}</button>
<p class="meta">${TEXTS.order.cancelHint}</p>
</form>`
    : '';
  return html`<div id="timeline" data-final="${final ? 'true' : 'false'}" data-src="/orders/${encodeURIComponent(view.order.id)}/timeline">
<p class="status">${TEXTS.status[view.order.status] ?? view.order.status}</p>
<ol class="timeline" aria-label="${TEXTS.order.timeline}">${steps.map(stepItem)}</ol>
${cancelNote}${cancelForm}
</div>`.text;
}

export function orderPage(view: OrderView, serviceTitle: string, cancel: { allowed: boolean; csrf: string }): string {
  return layout(
    TEXTS.order.title(view.order.id),
    html`<p>${serviceTitle}</p>
<h2>${TEXTS.order.timeline}</h2>
<div aria-live="polite">${new Markup(timelineFragment(view, cancel))}</div>
${timelineOf(view).final ? '' : html`<p class="meta">${TEXTS.order.live}</p>`}
<p><a href="/orders">${TEXTS.order.back}</a></p>`,
    { nav: 'orders', live: true },
  );
}

export function messagePage(title: string, text: string): string {
  return layout(title, html`<p>${text}</p>`);
}
