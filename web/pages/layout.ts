import { TEXTS } from '../texts';
import { html, type Markup } from './html';

export interface PageOptions {
  /** The tab of the navigation that is current (none on sign-in and error pages). */
  nav?: 'services' | 'orders';
  /** Loads the live-update script (the order page). */
  live?: boolean;
}

export function layout(title: string, body: Markup, options: PageOptions = {}): string {
  const tab = (key: 'services' | 'orders', href: string) =>
    html`<a href="${href}" ${options.nav === key ? html`aria-current="page"` : ''}>${TEXTS.nav[key]}</a>`;
  const nav = options.nav ? html`<nav aria-label="${TEXTS.brand}">${tab('services', '/services')}${tab('orders', '/orders')}</nav>` : '';
  return html`<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${TEXTS.brand}</title>
<link rel="stylesheet" href="/assets/app.css">
${options.live ? html`<script src="/assets/live.js" defer></script>` : ''}
</head>
<body>
<header><p class="brand">${TEXTS.brand}</p>${nav}</header>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>`.text;
}
