import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as z from 'zod';
import { ApiTransport } from '../../amocrm/api-transport';
import { BatchLane } from '../../amocrm/batch-lane';
import { type AmoError } from '../../amocrm/errors';
import { type HttpCaller, type RawRequest, type RawResponse } from '../../amocrm/http-caller';
import { quietLogger } from './helpers';

// BatchLane with a scripted transport: what the sandbox cannot stage (a 401 between a batch's two sends).

const answer = z.array(z.object({ id: z.number(), request_id: z.string() }));

class ScriptedHttp {
  readonly bodies: unknown[] = [];
  constructor(private readonly answers: ((body: unknown) => RawResponse)[]) {}

  send(req: RawRequest): Promise<RawResponse> {
    const body = req.compose ? req.compose() : req.body;
    if (body === undefined) return Promise.reject(new Error('nothing to send'));
    this.bodies.push(body);
    const next = this.answers.shift();
    if (!next) throw new Error('no answer scripted');
    return Promise.resolve(next(body));
  }
}

const created = (body: unknown): RawResponse => ({
  status: 200,
  text: JSON.stringify((body as { request_id: string }[]).map((item, i) => ({ id: 100 + i, request_id: item.request_id }))),
});

function lane(http: ScriptedHttp, onRenew: () => void = () => undefined) {
  const auth = {
    kind: 'oauth' as const,
    current: () => Promise.resolve('old-token'),
    renew: () => {
      onRenew();
      return Promise.resolve('new-token');
    },
  };
  const api = new ApiTransport(http as unknown as HttpCaller, auth, quietLogger);
  return new BatchLane(api, {
    path: '/api/v4/leads',
    max: 50,
    schema: answer,
    results: (body) => new Map(body.map((l) => [l.request_id, { dealId: l.id }])),
    committed: () => Promise.reject(new Error('no check expected')),
  });
}

const guardOf = (attempt: AbortController) => ({
  signal: attempt.signal,
  checkBeforeSend: () => {
    if (attempt.signal.aborted) throw new Error('abandoned');
  },
});

void describe('BatchLane', () => {
  void it('after a 401 the batch goes again with a new token, without the items whose attempts were abandoned meanwhile', async () => {
    const gone = new AbortController();
    const http = new ScriptedHttp([() => ({ status: 401, text: '{}' }), created]);
    const l = lane(http, () => gone.abort(new Error('the attempt was abandoned during the token refresh')));
    const [a, b, c] = await Promise.allSettled([
      l.add('o-1', { request_id: 'o-1' }),
      l.add('o-2', { request_id: 'o-2' }, guardOf(gone)),
      l.add('o-3', { request_id: 'o-3' }),
    ]);
    assert.deepEqual(http.bodies, [[{ request_id: 'o-1' }, { request_id: 'o-2' }, { request_id: 'o-3' }], [{ request_id: 'o-1' }, { request_id: 'o-3' }]]);
    assert.equal(a.status, 'fulfilled');
    assert.equal(c.status, 'fulfilled');
    assert.equal(b.status, 'rejected');
    assert.equal(((b).reason as AmoError).kind, 'attempt-abandoned');
  });

  void it('one deal answered for two orders fails both rather than give one order another order\'s deal', async () => {
    const http = new ScriptedHttp([() => ({ status: 200, text: JSON.stringify([{ id: 7, request_id: 'o-1' }, { id: 7, request_id: 'o-2' }, { id: 8, request_id: 'o-3' }]) })]);
    const l = lane(http);
    const results = await Promise.allSettled(['o-1', 'o-2', 'o-3'].map((id) => l.add(id, { request_id: id })));
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'fulfilled'],
    );
    assert.ok(((results[0] as PromiseRejectedResult).reason as AmoError).message.includes('one deal for several orders'));
  });
});
