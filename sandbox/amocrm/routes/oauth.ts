// POST /oauth2/access_token: JSON or form body, authorization_code and refresh_token grants.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxContext } from '../context';
import { OAuthFailure } from '../oauth-grants';

const OAUTH_TITLE = 'Некорректный запрос';
const OAUTH_DETAIL = 'В запросе отсутствует ряд параметров или параметры невалидны';

function oauthProblem(reply: FastifyReply, failure: OAuthFailure) {
  const body = { hint: failure.hint, title: OAUTH_TITLE, type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson', status: failure.status, detail: OAUTH_DETAIL };
  return reply.code(failure.status).type('application/problem+json').send(JSON.stringify(body));
}

function stringParams(body: unknown): Record<string, string | undefined> {
  if (typeof body !== 'object' || body === null) return {};
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v)]));
}

export function oauthRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/oauth2/access_token', (request, reply) => {
    const params = stringParams(request.body);
    try {
      if (params.grant_type === 'authorization_code') return reply.type('application/json').send(JSON.stringify(ctx.grants.exchangeCode(params)));
      if (params.grant_type === 'refresh_token') return reply.type('application/json').send(JSON.stringify(ctx.grants.refresh(params)));
      return oauthProblem(reply, new OAuthFailure(400, 'Check the `grant_type` parameter'));
    } catch (error) {
      if (error instanceof OAuthFailure) return oauthProblem(reply, error);
      throw error;
    }
  });
}
