// docs/company1-api.yaml is the single source of truth; the hand-written zod schemas and the status table
// must say the same thing, or this fails naming the component.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import * as z from 'zod';
import { ORDER_STATUSES, ORDER_STATUS_LABELS, ORDER_TRANSITIONS } from '../../company1/order-status';
import * as schemas from '../../company1/schemas';
import { integrationEnv } from '../../config/integration';
import { parseCliArgs } from '../../sandbox/company1/cli-args';
import { shapeOf, type JsonSchema } from './json-schema-shape';

const contract = parse(readFileSync(join(__dirname, '../../docs/company1-api.yaml'), 'utf8')) as {
  openapi: string;
  servers: { url: string; variables?: { port?: { default: string } } }[];
  paths: Record<string, Record<string, unknown>>;
  webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: JsonSchema }> } } }>;
  components: { schemas: Record<string, JsonSchema> };
};
const components = contract.components.schemas;

function resolve(ref: string): JsonSchema {
  const name = ref.replace('#/components/schemas/', '');
  const schema = components[name];
  assert.ok(schema, `unresolvable $ref ${ref}`);
  return schema;
}

const COMPARED: Record<string, z.ZodType> = {
  OrderStatus: schemas.OrderStatus,
  Customer: schemas.Customer,
  Service: schemas.Service,
  Subscription: schemas.Subscription,
  AdditionalInfo: schemas.AdditionalInfo,
  Order: schemas.Order,
  OrderFeedPage: schemas.OrderFeedPage,
  StatusMove: schemas.StatusMove,
  OrderChange: schemas.OrderChange,
  NewOrder: schemas.NewOrder,
  FieldError: schemas.FieldError,
  Problem: schemas.Problem,
  OrderNotification: schemas.OrderNotification,
};

void describe('Company 1 contract (docs/company1-api.yaml)', () => {
  void it('is OpenAPI 3.1 with the order paths and the notification webhook', () => {
    assert.match(contract.openapi, /^3\.1\./);
    assert.deepEqual(Object.keys(contract.paths['/v1/orders'] ?? {}).sort(), ['get', 'post']);
    assert.deepEqual(Object.keys(contract.paths['/v1/orders/{orderId}'] ?? {}).sort(), ['get', 'parameters', 'patch']);
    const body = contract.webhooks.orderNotification?.post.requestBody.content['application/json']?.schema;
    assert.equal(body?.$ref, '#/components/schemas/OrderNotification');
  });

  void it('declares every component the zod schemas mirror, and no other', () => {
    assert.deepEqual(Object.keys(components).sort(), Object.keys(COMPARED).sort());
  });

  for (const [name, zodSchema] of Object.entries(COMPARED)) {
    void it(`${name}: the zod schema matches the YAML component`, () => {
      const fromYaml = shapeOf(resolve(`#/components/schemas/${name}`), resolve);
      const fromZod = shapeOf(z.toJSONSchema(zodSchema, { io: 'input' }), resolve);
      assert.deepEqual(fromZod, fromYaml);
    });
  }

  void it('the comparison notices drift (a dropped required field, a changed enum, a nullable made required)', () => {
    const order = resolve('#/components/schemas/Order');
    const zodShape = shapeOf(z.toJSONSchema(schemas.Order, { io: 'input' }), resolve);
    const drifted: JsonSchema[] = [
      { ...order, required: (order.required as string[]).filter((f) => f !== 'paid') },
      { ...order, properties: { ...(order.properties as object), cost: { type: 'number', minimum: 0 } } },
      { ...order, properties: { ...(order.properties as object), status: { type: 'string', enum: ['on_approval'] } } },
    ];
    for (const yaml of drifted) assert.notDeepEqual(zodShape, shapeOf(yaml, resolve));
  });

  void it('OrderStatus x-transitions is the table company1/order-status.ts exports', () => {
    assert.deepEqual(components.OrderStatus?.['x-transitions'], ORDER_TRANSITIONS);
    assert.deepEqual(components.OrderStatus?.enum, [...ORDER_STATUSES]);
  });

  void it('OrderStatus x-display-names are the labels company1/order-status.ts exports', () => {
    assert.deepEqual(components.OrderStatus?.['x-display-names'], ORDER_STATUS_LABELS);
  });

  void it('the local sandbox in `servers` is on the port the sandbox listens on by default (npm start and npm run sandbox:company1)', () => {
    const local = contract.servers.find((server) => server.url.startsWith('http://127.0.0.1:'));
    const standalone = parseCliArgs(['--api-key', 'k']);
    assert.ok(standalone.ok);
    const npmStart = integrationEnv.SANDBOX_COMPANY1_PORT.parse(undefined);
    assert.deepEqual({ contract: Number(local?.variables?.port?.default), standalone: standalone.options.port }, { contract: npmStart, standalone: npmStart });
  });
});
