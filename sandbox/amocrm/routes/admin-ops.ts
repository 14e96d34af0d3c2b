// Admin API: request log and stats, faults, rate limit, block, paid state, OAuth minting,
// webhook deliveries and Digital Pipeline hooks.
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import type { SandboxContext } from '../context';
import { FaultsSchema } from '../faults';
import { badRequest } from '../http';
import { OAuthFailure } from '../oauth-grants';
import { parseAdmin } from './admin-data';

const positive = z.number().int().positive();
const RateLimitBody = z.union([
  z.literal(false),
  z.object({ perTokenPerSecond: positive, perAccountPerSecond: positive, blockAfterViolations: positive, violationWindowMs: positive }),
]);
const CodeBody = z.object({ clientId: z.string(), ttlSeconds: z.number().int().optional() });
const AccessTokenBody = z.object({ clientId: z.string().default('sandbox'), ttlSeconds: z.number().int().optional() });
const DpHookBody = z.object({ destination: z.url(), pipelineId: z.number().int().nullable().default(null), statusId: z.number().int().nullable().default(null) });
const AccountBody = z.object({ paid: z.boolean() });

/** Handler for a command that answers only `{ok: true}`. */
const command = (run: () => void) => () => {
  run();
  return { ok: true };
};

export function adminOpsRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/__sandbox/requests', () => ctx.requests.list());
  app.get('/__sandbox/requests/stats', () => ctx.requests.stats());
  app.delete('/__sandbox/requests', command(() => ctx.requests.clear()));

  app.get('/__sandbox/faults', () => ctx.faults.current);
  app.put('/__sandbox/faults', (request) => {
    ctx.faults.set(parseAdmin(FaultsSchema, request.body));
    return ctx.faults.current;
  });
  app.delete('/__sandbox/faults', command(() => ctx.faults.clear()));

  app.get('/__sandbox/rate-limit', () => ({ settings: ctx.limiter.current, blocked: ctx.limiter.isBlocked }));
  app.put('/__sandbox/rate-limit', (request) => {
    ctx.limiter.setSettings(parseAdmin(RateLimitBody, request.body));
    return { settings: ctx.limiter.current, blocked: ctx.limiter.isBlocked };
  });
  app.post('/__sandbox/unblock', command(() => ctx.limiter.unblock()));
  app.put('/__sandbox/account', (request) => {
    ctx.account.paid = parseAdmin(AccountBody, request.body).paid;
    return { paid: ctx.account.paid };
  });

  app.post('/__sandbox/oauth/codes', (request) => {
    const body = parseAdmin(CodeBody, request.body);
    try {
      return ctx.grants.issueCode(body.clientId, body.ttlSeconds);
    } catch (error) {
      if (error instanceof OAuthFailure) throw badRequest(error.hint);
      throw error;
    }
  });
  app.post('/__sandbox/oauth/access-tokens', (request) => {
    const body = parseAdmin(AccessTokenBody, request.body);
    return ctx.grants.mintAccessToken(body.clientId, body.ttlSeconds ?? ctx.config.accessTokenTtlSeconds);
  });

  app.get('/__sandbox/webhooks/deliveries', () => ctx.dispatcher.deliveries());
  app.get('/__sandbox/dp-hooks', () => ctx.webhooks.dpHooks());
  app.post('/__sandbox/dp-hooks', (request) => {
    const body = parseAdmin(DpHookBody, request.body);
    return ctx.webhooks.addDpHook(body.destination, body.pipelineId, body.statusId);
  });
  app.delete('/__sandbox/dp-hooks', command(() => ctx.webhooks.clearDpHooks()));
}
