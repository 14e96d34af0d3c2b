// The sandbox's HTTP app: the /v1 API, the /__sandbox admin API and one central error handler that turns
// every failure into application/problem+json naming the offending field.
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { PROBLEM_TYPES, type Problem } from '../../company1/schemas';
import type { Logger } from '../../logging/logger';
import { adminRoutes } from './admin-routes';
import type { AppIdentity } from './app-identity';
import { appAdminRoutes, appRoutes } from './app-routes';
import { apiKeyCheck, isApiUrl } from './api-key';
import { apiRoutes } from './api-routes';
import { BODY_LIMIT_BYTES } from './options';
import { ProblemError, invalidField, noRoute } from './problems';
import type { RequestLog } from './request-log';
import type { SandboxState } from './sandbox-state';

function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json').send(p);
}

function problemFor(error: FastifyError): Problem | undefined {
  if (error instanceof ProblemError) return error.problem;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const message = `Larger than ${BODY_LIMIT_BYTES} bytes`;
    return { type: PROBLEM_TYPES.payloadTooLarge, title: 'Payload too large', status: 413, detail: message, errors: [{ field: 'body', message }] };
  }
  // Fastify's own 4xx: an unsupported content type (415) or a body that is not what it claims (400).
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    const field = error.statusCode === 415 ? 'Content-Type' : 'body';
    return { type: PROBLEM_TYPES.validation, title: 'Invalid request', status: error.statusCode, detail: error.message, errors: [{ field, message: error.message }] };
  }
  return undefined;
}

export interface AppSide {
  identity: AppIdentity;
  /** Company 2's webview the app page opens (stage 3). */
  webviewUrl?: string;
}

export function buildApp(state: SandboxState, requestLog: RequestLog, apiKey: string, logger: Logger, appSide: AppSide): FastifyInstance {
  const refusal = apiKeyCheck(apiKey);
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    // Requests hung by the timeout fault must not keep close() waiting.
    forceCloseConnections: true,
    logger: false,
    // A URL that cannot be decoded never reaches a route or hook; it still needs the key under /v1.
    frameworkErrors: (error, request, reply) => {
      const refused = isApiUrl(request.url) ? refusal(request.headers) : undefined;
      const badUrl = (): ProblemError => invalidField(400, PROBLEM_TYPES.validation, 'Invalid request', 'path', error.message);
      void sendProblem(reply, (refused ?? badUrl()).problem);
    },
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const known = problemFor(error);
    if (known) return sendProblem(reply, known);
    logger.error('unhandled error', { method: request.method, url: request.url, error });
    return sendProblem(reply, { type: PROBLEM_TYPES.internal, title: 'Internal error', status: 500, detail: 'Internal error' });
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, noRoute(request.method, request.url).problem));
  void app.register(apiRoutes(state, requestLog, refusal), { prefix: '/v1' });
  void app.register(adminRoutes(state, requestLog), { prefix: '/__sandbox' });
  void app.register(appAdminRoutes(appSide.identity), { prefix: '/__sandbox' });
  void app.register(appRoutes(appSide.identity, appSide.webviewUrl));
  return app;
}
