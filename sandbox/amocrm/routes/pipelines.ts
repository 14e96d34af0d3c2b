// /api/v4/leads/pipelines (+ statuses), custom field definitions, and /api/v4/account.
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { fieldsOf } from '../field-defs';
import { ApiError, originOf, pathId, sendHal } from '../http';
import type { EntityKind } from '../models';
import { allPipelines, pipelineById } from '../pipelines';
import { selfLink } from '../render';
import { type PipelineDef, SEED_USER_ID, type StatusDef } from '../seed';

function renderStatus(origin: string, accountId: number, p: PipelineDef, s: StatusDef) {
  return {
    id: s.id, name: s.name, sort: s.sort, is_editable: s.type === 0 && s.id !== 142 && s.id !== 143, pipeline_id: p.id,
    color: s.color, type: s.type, account_id: accountId, _links: selfLink(origin, `/api/v4/leads/pipelines/${p.id}/statuses/${s.id}`),
  };
}

function renderPipeline(origin: string, accountId: number, p: PipelineDef) {
  return {
    id: p.id, name: p.name, sort: p.sort, is_main: p.is_main, is_unsorted_on: true, is_archive: false, account_id: accountId,
    _links: selfLink(origin, `/api/v4/leads/pipelines/${p.id}`),
    _embedded: { statuses: p.statuses.map((s) => renderStatus(origin, accountId, p, s)) },
  };
}

function pipelineOr404(raw: string): PipelineDef {
  const pipeline = pipelineById(pathId(raw));
  if (!pipeline) throw new ApiError(404, 'Not Found', 'Pipeline not found');
  return pipeline;
}

function renderFields(origin: string, accountId: number, entity: EntityKind) {
  const fields = fieldsOf(entity).map((f) => ({
    id: f.id, name: f.name, type: f.type, code: f.code, sort: f.sort, entity_type: entity, is_predefined: f.code !== null,
    is_deletable: f.code === null, is_api_only: false, enums: f.enums, account_id: accountId,
    _links: selfLink(origin, `/api/v4/${entity}/custom_fields/${f.id}`),
  }));
  return { _total_items: fields.length, _page: 1, _page_count: 1, _links: selfLink(origin, `/api/v4/${entity}/custom_fields`), _embedded: { custom_fields: fields } };
}

export function pipelineRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/api/v4/leads/pipelines', (request, reply) => {
    const origin = originOf(request);
    const pipelines = allPipelines().map((p) => renderPipeline(origin, ctx.accountId, p));
    return sendHal(reply, { _total_items: pipelines.length, _links: selfLink(origin, '/api/v4/leads/pipelines'), _embedded: { pipelines } });
  });

  app.get<{ Params: { id: string } }>('/api/v4/leads/pipelines/:id', (request, reply) =>
    sendHal(reply, renderPipeline(originOf(request), ctx.accountId, pipelineOr404(request.params.id))),
  );

  app.get<{ Params: { id: string } }>('/api/v4/leads/pipelines/:id/statuses', (request, reply) => {
    const origin = originOf(request);
    const p = pipelineOr404(request.params.id);
    const statuses = p.statuses.map((s) => renderStatus(origin, ctx.accountId, p, s));
    return sendHal(reply, { _total_items: statuses.length, _links: selfLink(origin, `/api/v4/leads/pipelines/${p.id}/statuses`), _embedded: { statuses } });
  });

  for (const entity of ['contacts', 'leads', 'companies'] as const) {
    app.get(`/api/v4/${entity}/custom_fields`, (request, reply) => sendHal(reply, renderFields(originOf(request), ctx.accountId, entity)));
  }

  app.get('/api/v4/account', (request, reply) =>
    sendHal(reply, {
      id: ctx.accountId, name: 'Company 2', subdomain: ctx.config.subdomain, current_user_id: SEED_USER_ID, country: 'RU', currency: 'RUB',
      customers_mode: 'disabled', is_unsorted_on: true, is_loss_reason_enabled: true, is_helpbot_enabled: false, is_technical_account: false,
      contact_name_display_order: 1, _links: selfLink(originOf(request), '/api/v4/account'),
    }),
  );
}
