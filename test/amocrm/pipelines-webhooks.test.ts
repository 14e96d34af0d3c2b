import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AmoError } from '../../amocrm';
import { type AmoFixture, rejectionOf, startFixture } from './fixture';

void describe('pipelines and webhooks against the sandbox', () => {
  let fx: AmoFixture;
  before(async () => {
    fx = await startFixture();
  });
  after(() => fx.close());

  void it('resolves a pipeline and its stages by name, system stages included', async () => {
    const { pipelineId, stages } = await fx.client.resolvePipeline('Company 2');
    assert.equal(pipelineId, 7735001);
    assert.equal(stages['Success'], 142);
    assert.equal(stages['Refusal'], 143);
    assert.equal(typeof stages['New lead'], 'number');
    assert.equal(typeof stages['Another lesson passed'], 'number');
  });

  void it('lets ids from the config win over names resolved from amoCRM', async () => {
    const { pipelineId, stages } = await fx.client.resolvePipeline('Renamed in amoCRM', { pipelineId: 7735001, stages: { 'New lead': 111 } });
    assert.equal(pipelineId, 7735001);
    assert.equal(stages['New lead'], 111);
    assert.equal(stages['Success'], 142);
  });

  void it('reports an unknown pipeline name as not-found, naming the ones that exist', async () => {
    const err = await rejectionOf(fx.client.resolvePipeline('No such pipeline'));
    assert.ok(err instanceof AmoError);
    assert.equal(err.kind, 'not-found');
    assert.match(err.message, /Company 2/);
  });

  void it('subscribes, lists and unsubscribes a webhook', async () => {
    const destination = 'http://127.0.0.1:9/amo/hook?key=s3cret';
    assert.deepEqual(await fx.client.listWebhooks(), []);
    const hook = await fx.client.subscribeWebhook(destination, ['status_lead', 'update_lead']);
    assert.equal(hook.destination, destination);
    assert.deepEqual(hook.settings, ['status_lead', 'update_lead']);
    const again = await fx.client.subscribeWebhook(destination, ['status_lead']);
    assert.equal(again.id, hook.id);
    const listed = await fx.client.listWebhooks();
    assert.deepEqual(
      listed.map((w) => [w.destination, w.settings, w.disabled]),
      [[destination, ['status_lead'], false]],
    );
    await fx.client.unsubscribeWebhook(destination);
    assert.deepEqual(await fx.client.listWebhooks(), []);
  });
});
