// What stands in front of every /api/v4 and /oauth2 request, in amoCRM's order: the shared
// www host, the account block, rate limits, injected faults, the bearer token, the paid state.
// Also the request log, and the "drop the response after commit" fault.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from './context';
import { nginxPage, sendHtml, sendProblem } from './http';
import type { TokenKind } from './request-log';

interface RequestMeta {
  arrival: number;
  tokenKind: TokenKind;
  dropped: boolean;
}

const ADMIN_PREFIX = '/__sandbox/';
const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? '/';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function bearerOf(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

export function installGate(app: FastifyInstance, ctx: SandboxContext): void {
  const meta = new WeakMap<FastifyRequest, RequestMeta>();

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', randomBytes(8).toString('hex'));
    const path = pathOf(request);
    if (path.startsWith(ADMIN_PREFIX)) return;
    const late = ctx.faults.takeLateArrival();
    if (late > 0) await sleep(late);
    const info: RequestMeta = { arrival: Date.now(), tokenKind: 'none', dropped: false };
    meta.set(request, info);
    // Calls must go to the account's own host; the shared www host answers an HTML 404 (doc §1).
    if (/^www\./i.test(request.headers.host ?? '')) return sendHtml(reply, 404, nginxPage(404, 'Not Found'));
    const bearer = bearerOf(request.headers.authorization);
    const decision = ctx.limiter.check(bearer);
    if (decision === 'blocked') return sendHtml(reply, 403, nginxPage(403, 'Forbidden'));
    if (decision === 'limited') return sendHtml(reply, 429, nginxPage(429, 'Too Many Requests'));
    const latency = ctx.faults.current.latencyMs ?? 0;
    if (latency > 0) await sleep(latency);
    if (!path.startsWith('/api/')) return;
    info.tokenKind = bearer ? ctx.grants.classify(bearer) : 'none';
    const failure = ctx.faults.takeFailure(request.method, path);
    if (failure) return sendProblem(reply, failure, 'Internal Server Error', 'Injected fault');
    if (info.tokenKind !== 'long-lived' && info.tokenKind !== 'oauth') {
      return sendProblem(reply, 401, 'Unauthorized', 'Неверный логин или пароль');
    }
    if (!ctx.account.paid && request.method !== 'GET') return sendProblem(reply, 402, 'Payment Required', 'Аккаунт не оплачен');
  });

  const record = (request: FastifyRequest, info: RequestMeta, status: number) => {
    const entry = { time: info.arrival, method: request.method, path: pathOf(request), url: request.url, status, tokenKind: info.tokenKind, durationMs: Date.now() - info.arrival };
    ctx.requests.record(entry);
    if (ctx.config.logRequests) ctx.log.info('request', { method: entry.method, url: entry.url, status, ms: entry.durationMs });
  };

  app.addHook('onSend', async (request, reply, payload) => {
    const info = meta.get(request);
    if (info && ctx.faults.takeResponseDrop(request.method, pathOf(request), reply.statusCode)) {
      // The write is committed; the client gets no answer. onResponse does not run for it.
      info.dropped = true;
      record(request, info, 0);
      request.raw.socket.destroy();
    }
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const info = meta.get(request);
    if (info && !info.dropped) record(request, info, reply.statusCode);
  });
}
