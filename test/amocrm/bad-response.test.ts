import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { AmoClient, AmoError, toActivityFailure } from '../../amocrm';
import { AMO_BAD_RESPONSE } from '../../failures/types';
import { quietLogger } from './helpers';

// A stand-in for amoCRM that answers with shapes the real API never should.
async function startWrongShapes(): Promise<FastifyInstance> {
  const app = Fastify();
  app.get('/api/v4/leads/:id', () => ({ id: 'not-a-number', name: 'Deal', price: 1 }));
  app.get('/api/v4/contacts', (_req, reply) => reply.type('text/html').send('<html>maintenance</html>'));
  app.post('/api/v4/leads/complex', () => ({ _embedded: { leads: [] } }));
  app.post('/api/v4/leads', () => []);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

void describe('responses that do not match the contract', () => {
  let app: FastifyInstance;
  let client: AmoClient;
  before(async () => {
    app = await startWrongShapes();
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    client = new AmoClient({ baseUrl: `http://127.0.0.1:${port}`, auth: { kind: 'long-lived', token: 't' }, logger: quietLogger });
  });
  after(() => app.close());

  void it('a wrong field type is a bad-response naming the path', async () => {
    const err = await client.getDeal(1).then(
      () => assert.fail('expected a bad-response'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof AmoError);
    assert.equal(err.kind, 'bad-response');
    assert.equal(err.retryable, false);
    assert.ok(err.fieldPaths.includes('id'), err.message);
    assert.match(err.message, /GET \/api\/v4\/leads\/1/);
    assert.equal(toActivityFailure(err).type, AMO_BAD_RESPONSE);
  });

  void it('an HTML page with status 200 is a bad-response', async () => {
    await assert.rejects(client.findContactByDetmirUserId('u-1'), { kind: 'bad-response', message: /not JSON/ });
  });

  void it('a HAL envelope where complex create must answer a plain array is a bad-response', async () => {
    const contact = { firstName: 'A', lastName: 'B', phone: '+70000000000', detmirUserId: 'u-1' };
    const deal = { name: 'D', pipelineId: 1, statusId: 2, detmirOrderId: 'o-1', contact };
    await assert.rejects(client.createDealWithContact(deal), { kind: 'bad-response', fieldPaths: ['(root)'] });
  });

  void it('an empty created list is a bad-response, not a crash on [0]', async () => {
    const deal = { name: 'D', pipelineId: 1, statusId: 2, detmirOrderId: 'o-1', contactId: 5 };
    await assert.rejects(client.createDeal(deal), { kind: 'bad-response' });
  });
});
