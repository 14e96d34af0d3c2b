// Wire helpers: HAL success bodies, problem+json errors, 204s, and the one error handler.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from '../../logging/logger';

export interface FieldIssue {
  code: string;
  path: string;
  detail: string;
}

export interface ValidationEntry {
  request_id: string;
  errors: FieldIssue[];
}

/** An error that is answered as problem+json with the given status and body fields. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export const badRequest = (detail: string, extra: Record<string, unknown> = {}) =>
  new ApiError(400, 'Bad Request', detail, extra);

export const validationFailed = (entries: ValidationEntry[]) =>
  new ApiError(400, 'Bad Request', 'Request validation failed', { 'validation-errors': entries });

export function problemBody(status: number, title: string, detail: string, extra: Record<string, unknown> = {}) {
  return { ...extra, title, type: `https://httpstatus.es/${status}`, status, detail };
}

export function sendProblem(reply: FastifyReply, status: number, title: string, detail: string, extra = {}) {
  return reply.code(status).header('content-type', 'application/problem+json').send(JSON.stringify(problemBody(status, title, detail, extra)));
}

export function sendHal(reply: FastifyReply, body: unknown, status = 200) {
  return reply.code(status).header('content-type', 'application/hal+json').send(JSON.stringify(body));
}

/** amoCRM answers "nothing found" (and successful deletes) with 204 and an empty body. */
export function sendNoContent(reply: FastifyReply) {
  return reply.code(204).send();
}

export function sendHtml(reply: FastifyReply, status: number, html: string) {
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

export function nginxPage(status: number, reason: string): string {
  const title = `${status} ${reason}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

export function installErrorHandler(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      return sendProblem(reply, error.status, error.title, error.message, error.extra);
    }
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) log.error('unhandled sandbox error', { url: request.url, error });
    const detail = status < 500 ? error.message : 'Internal server error';
    return sendProblem(reply, status, status < 500 ? 'Bad Request' : 'Internal Server Error', detail);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, 404, 'Not Found', `No route for ${request.method} ${request.url.split('?')[0]}`));
}

/** Base URL the client used; entity `_links` point here so `next` can be followed. */
export function originOf(request: { protocol: string; headers: { host?: string } }): string {
  return `${request.protocol}://${request.headers.host ?? 'localhost'}`;
}

/** Numeric `{id}` path segment; anything else is a route amoCRM does not have. */
export function pathId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(404, 'Not Found', 'Not found');
  return Number(raw);
}
