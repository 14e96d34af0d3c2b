// Company 1's mobile app, as far as stage 3 needs it: the JWKS its tokens are checked against, an admin
// call that mints a token for any user (tests, scripts), and a small "app" page that opens Company 2's
// webview as a chosen customer, the way the real app's webview does (`<webview>/?token=<token>`).
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { type AppIdentity, type AppUser } from './app-identity';
import { invalid } from './problems';

const User = z.strictObject({
  id: z.string().min(1).max(100),
  firstName: z.string().min(1).max(100),
  lastName: z.string().min(1).max(100),
  phone: z.string().regex(/^\+?\d{10,15}$/, 'expected a phone number of 10 to 15 digits'),
});

const TokenInput = z.strictObject({
  user: User,
  audience: z.string().min(1).optional(),
  expiresInSec: z.int().min(-86_400).max(86_400).optional(),
  jti: z.string().min(1).max(200).optional(),
});

/** The customers the app page offers (any user works through the admin API). */
export const DEMO_USERS: AppUser[] = [
  { id: 'c1-user-1001', firstName: 'Анна', lastName: 'Смирнова', phone: '+79161234501' },
  { id: 'c1-user-1002', firstName: 'Игорь', lastName: 'Петров', phone: '+79161234502' },
  { id: 'c1-user-1003', firstName: 'Мария', lastName: 'Иванова', phone: '+79161234503' },
];

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(result.error);
  return result.data;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function appPage(webviewUrl: string | undefined): string {
  const users = DEMO_USERS.map(
    (u) => `<li><form method="get" action="/app/open"><input type="hidden" name="user" value="${escapeHtml(u.id)}">
      <button type="submit">${escapeHtml(`${u.firstName} ${u.lastName}`)}</button></form></li>`,
  ).join('');
  const body = webviewUrl
    ? `<p>Откройте занятия Компании 2 как покупатель:</p><ul>${users}</ul>`
    : '<p>Адрес веб-витрины Компании 2 не задан (sandbox option <code>webviewUrl</code>).</p>';
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Приложение Компании 1 (песочница)</title>
<style>body{font:16px/1.4 system-ui,sans-serif;margin:0 auto;max-width:30rem;padding:1rem}ul{list-style:none;padding:0}
button{min-height:44px;width:100%;margin:.25rem 0;font-size:1rem}</style></head>
<body><h1>Приложение Компании 1</h1>${body}</body></html>`;
}

export function appRoutes(identity: AppIdentity, webviewUrl: string | undefined) {
  return (app: FastifyInstance, _opts: unknown, done: (err?: Error) => void): void => {
    app.get('/.well-known/jwks.json', (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(identity.jwks()));
    app.get('/app', (_request, reply) => reply.type('text/html; charset=utf-8').send(appPage(webviewUrl)));
    app.get('/app/open', async (request, reply) => {
      const { user: userId } = parse(z.object({ user: z.string() }), request.query);
      const user = DEMO_USERS.find((u) => u.id === userId);
      if (!user || !webviewUrl) return reply.code(404).type('text/plain; charset=utf-8').send('Unknown user or no webview URL');
      const token = await identity.mint({ user });
      return reply.redirect(`${webviewUrl.replace(/\/$/, '')}/?token=${encodeURIComponent(token)}`);
    });
    done();
  };
}

export function appAdminRoutes(identity: AppIdentity) {
  return (app: FastifyInstance, _opts: unknown, done: (err?: Error) => void): void => {
    app.post('/webview-tokens', async (request) => ({ token: await identity.mint(parse(TokenInput, request.body)) }));
    app.post('/webview-keys/rotate', async () => ({ kid: await identity.rotate() }));
    done();
  };
}
