// The HTTP app: body parsers, gate, routes, error handler. Listening lives in index.ts.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { SandboxContext } from './context';
import { installGate } from './gate';
import { badRequest, installErrorHandler } from './http';
import { adminDataRoutes } from './routes/admin-data';
import { adminOpsRoutes } from './routes/admin-ops';
import { complexRoutes } from './routes/complex';
import { contactRoutes } from './routes/contacts';
import { leadRoutes } from './routes/leads';
import { noteRoutes } from './routes/notes';
import { oauthRoutes } from './routes/oauth';
import { pipelineRoutes } from './routes/pipelines';
import { webhookRoutes } from './routes/webhooks';

const BODY_LIMIT_BYTES = 20 * 1024 * 1024;

function parseJson(_request: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void): void {
  if (body.trim() === '') return done(null, undefined);
  try {
    done(null, JSON.parse(body));
  } catch (error) {
    done(badRequest(`Malformed JSON: ${(error as Error).message}`));
  }
}

export function buildApp(ctx: SandboxContext): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  // Anything else is read as JSON, whatever its Content-Type says.
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => parseJson(req, body as string, done));
  installErrorHandler(app, ctx.log);
  installGate(app, ctx);
  for (const routes of [contactRoutes, leadRoutes, noteRoutes, complexRoutes, pipelineRoutes, webhookRoutes, oauthRoutes, adminDataRoutes, adminOpsRoutes]) {
    routes(app, ctx);
  }
  return app;
}
