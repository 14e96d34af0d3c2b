// The webview Company 1's app opens (stage 3): seamless sign-in, Company 2's services, booking, the customer's
// orders with their live timeline, and cancel. Server-rendered HTML; every form carries a CSRF token.
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import * as z from 'zod';
import { Company1Error } from '../company1/errors';
import type { Logger } from '../logging/logger';
import { APP_CSS, LIVE_JS } from './assets';
import { BookingLimit } from './booking-limit';
import { NotYours, type OrderDesk } from './order-desk';
import { confirmPage, messagePage, orderPage, ordersPage, servicesPage, timelineFragment } from './pages/pages';
import { readCookie, SESSION_COOKIE, type Session, type SessionSeal } from './session';
import type { TokenCheck } from './sign-in';
import { TEXTS } from './texts';

export interface WebviewDeps {
  client: Client;
  desk: OrderDesk;
  tokens: TokenCheck;
  sessions: SessionSeal;
  bookingsPerHour: number;
  /** Secure cookies unless the webview is served on localhost (tests, `npm start`). */
  secureCookies: boolean;
  log: Logger;
}

const BookingForm = z.object({ csrf: z.string(), serviceId: z.string().min(1).max(100), bookingKey: z.uuid() });
const CsrfForm = z.object({ csrf: z.string() });
const OrderParams = z.object({ orderId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

class PageError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly text: string,
  ) {
    super(title);
  }
}

export function buildWebviewApp(deps: WebviewDeps): FastifyInstance {
  const { desk, sessions, log } = deps;
  const limit = new BookingLimit(deps.bookingsPerHour);
  const app = Fastify({ logger: false, bodyLimit: 16 * 1024 });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addHook('onSend', async (_request, reply) => {
    void reply.headers(SECURITY_HEADERS);
  });

  const page = (reply: FastifyReply, status: number, body: string, cache = 'no-store') =>
    reply.code(status).header('cache-control', cache).type('text/html; charset=utf-8').send(body);
  const signInAgain = (reply: FastifyReply) => page(reply, 401, messagePage(TEXTS.signIn.title, TEXTS.signIn.body));

  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    if (err instanceof PageError) return page(reply, err.status, messagePage(err.title, err.text));
    if (err instanceof NotYours) return page(reply, 404, messagePage(TEXTS.errors.notFoundTitle, TEXTS.errors.notFound));
    if (err.statusCode && err.statusCode < 500) return page(reply, err.statusCode, messagePage(TEXTS.errors.badRequestTitle, TEXTS.errors.badRequest));
    log.error('Webview request failed', { method: request.method, url: request.routeOptions.url, error: err instanceof Company1Error ? `${err.kind}: ${err.status ?? ''}` : err.message });
    return page(reply, 503, messagePage(TEXTS.errors.unavailableTitle, TEXTS.errors.unavailable));
  });
  app.setNotFoundHandler((_request, reply) => page(reply, 404, messagePage(TEXTS.errors.notFoundTitle, TEXTS.errors.notFound)));

  const sessionOf = (request: FastifyRequest): Session | undefined => sessions.open(readCookie(request.headers.cookie, SESSION_COOKIE));
  /** Every page but the sign-in needs a session; without one the customer is asked to open the webview again. */
  const signedIn = (handler: (session: Session, request: FastifyRequest, reply: FastifyReply) => unknown) => (request: FastifyRequest, reply: FastifyReply) => {
    const session = sessionOf(request);
    if (!session) return signInAgain(reply);
    return handler(session, request, reply);
  };
  const form = <T>(schema: z.ZodType<T>, request: FastifyRequest, session: Session): T => {
    const parsed = schema.safeParse(request.body ?? {});
    if (!parsed.success) throw new PageError(400, TEXTS.errors.badRequestTitle, TEXTS.errors.badRequest);
    if (!sessions.csrfValid(session, (parsed.data as { csrf?: unknown }).csrf)) throw new PageError(403, TEXTS.errors.csrfTitle, TEXTS.errors.csrf);
    return parsed.data;
  };

  app.get('/healthz', () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await deps.client.withDeadline(Date.now() + 1_000, () => deps.client.workflowService.getSystemInfo({}));
      return { ok: true };
    } catch {
      return reply.code(503).send({ ok: false, error: 'Temporal is not reachable' });
    }
  });
  app.get('/assets/app.css', (_request, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(APP_CSS));
  app.get('/assets/live.js', (_request, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(LIVE_JS));

  // Sign-in: a valid token gives a session and a redirect that drops the token from the URL (and history).
  app.get('/', async (request, reply) => {
    // One token, of a sane size; anything else (repeated, huge) is no valid sign-in.
    const query = z.object({ token: z.string().max(8192).optional() }).safeParse(request.query ?? {});
    const token = query.success ? query.data.token : '';
    if (token === undefined && sessionOf(request)) return reply.code(303).header('cache-control', 'no-store').redirect('/services');
    const result = await deps.tokens.signIn(token);
    if (!result.ok) {
      log.warn('Sign-in refused', { reason: result.reason, detail: result.detail });
      if (result.reason === 'unavailable') throw new PageError(503, TEXTS.errors.unavailableTitle, TEXTS.errors.unavailable);
      return signInAgain(reply);
    }
    const { cookie } = sessions.start(result.customer);
    log.info('Signed in', { userId: result.customer.userId });
    const attributes = [`${SESSION_COOKIE}=${cookie}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${sessions.ttlSec}`, ...(deps.secureCookies ? ['Secure'] : [])];
    return reply.code(303).header('set-cookie', attributes.join('; ')).header('cache-control', 'no-store').redirect('/services');
  });

  app.get('/services', signedIn((_session, _request, reply) => page(reply, 200, servicesPage(desk.services()))));

  // The confirmation step, with a new booking key each time it is opened. `no-cache`, not `no-store`: a link
  // fetches it anew (a deliberate second booking gets its own key), while the back button shows the copy
  // already seen, with its key, so confirming again repeats that booking instead of making a second one.
  app.get('/services/:serviceId', signedIn((session, request, reply) => {
    const { serviceId } = z.object({ serviceId: z.string() }).parse(request.params);
    const service = desk.service(serviceId);
    if (!service) throw new PageError(404, TEXTS.errors.notFoundTitle, TEXTS.errors.notFound);
    return page(reply, 200, confirmPage(service, session.customer, sessions.csrfToken(session), randomUUID()), 'private, no-cache');
  }));

  app.post('/bookings', signedIn(async (session, request, reply) => {
    const { serviceId, bookingKey } = form(BookingForm, request, session);
    const service = desk.service(serviceId);
    if (!service) throw new PageError(404, TEXTS.errors.notFoundTitle, TEXTS.errors.notFound);
    if (!limit.admit(session.customer.userId, bookingKey)) {
      log.warn('Booking refused: too many', { userId: session.customer.userId });
      throw new PageError(429, TEXTS.errors.tooManyTitle, TEXTS.errors.tooMany);
    }
    const { order, startFailed } = await desk.book(session.customer, service, bookingKey);
    log.info('Booked', { userId: session.customer.userId, orderId: order.id, serviceId });
    if (startFailed) log.warn("Booked, but the order's workflow could not be started now (Company 1's notification will start it)", { orderId: order.id, error: startFailed });
    return reply.code(303).header('cache-control', 'no-store').redirect(`/orders/${encodeURIComponent(order.id)}`);
  }));

  app.get('/orders', signedIn(async (session, _request, reply) => page(reply, 200, ordersPage(await desk.ordersOf(session.customer.userId)))));

  app.get('/orders/:orderId', signedIn(async (session, request, reply) => {
    const { orderId } = parseOrderParams(request.params);
    const view = await desk.view(orderId, session.customer.userId);
    const title = desk.serviceTitle({ serviceId: view.order.service.id, serviceName: view.order.service.name });
    return page(reply, 200, orderPage(view, title, { allowed: desk.cancellable(view), csrf: sessions.csrfToken(session) }));
  }));

  app.get('/orders/:orderId/timeline', signedIn(async (session, request, reply) => {
    const { orderId } = parseOrderParams(request.params);
    const view = await desk.view(orderId, session.customer.userId);
    return page(reply, 200, timelineFragment(view, { allowed: desk.cancellable(view), csrf: sessions.csrfToken(session) }));
  }));

  app.post('/orders/:orderId/cancel', signedIn(async (session, request, reply) => {
    const { orderId } = parseOrderParams(request.params);
    form(CsrfForm, request, session);
    const view = await desk.view(orderId, session.customer.userId);
    if (!view.state?.cancel) {
      if (!desk.cancellable(view) || !(await desk.cancel(orderId, TEXTS.cancelNote(orderId)))) {
        throw new PageError(409, TEXTS.errors.cannotCancelTitle, TEXTS.order.cancelRefused);
      }
      log.info('Cancel requested', { userId: session.customer.userId, orderId });
    }
    return reply.code(303).header('cache-control', 'no-store').redirect(`/orders/${encodeURIComponent(orderId)}`);
  }));

  return app;
}

function parseOrderParams(params: unknown): { orderId: string } {
  const parsed = OrderParams.safeParse(params);
  if (!parsed.success) throw new NotYours();
  return parsed.data;
}
