// Reduces a JSON Schema (from the YAML contract or from z.toJSONSchema) to the facts the contract test
// compares: types, properties, required, enums, formats, numeric and length bounds, array items, and
// whether the root object is closed. Descriptions, examples and regex patterns are ignored.

export type JsonSchema = Record<string, unknown>;
export type Shape = Record<string, unknown>;

const SAFE_INT_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);
const KEPT = ['format', 'minimum', 'maximum', 'minLength', 'maxLength'] as const;

export function shapeOf(schema: JsonSchema, resolve: (ref: string) => JsonSchema, root = true): Shape {
  const variants = variantsOf(schema, resolve).map((v) => JSON.stringify(v)).sort();
  const unique = [...new Set(variants)].map((v) => JSON.parse(v) as Shape);
  const shape: Shape = unique.length === 1 ? unique[0]! : { anyOf: unique };
  if (root) shape.closed = closedness(deref(schema, resolve));
  return shape;
}

function deref(schema: JsonSchema, resolve: (ref: string) => JsonSchema): JsonSchema {
  return typeof schema.$ref === 'string' ? deref(resolve(schema.$ref), resolve) : schema;
}

function closedness(schema: JsonSchema): string {
  const ap = schema.additionalProperties;
  if (ap === false) return 'closed';
  if (ap === true || (typeof ap === 'object' && ap !== null && Object.keys(ap).length === 0)) return 'open';
  return 'default';
}

function variantsOf(input: JsonSchema, resolve: (ref: string) => JsonSchema): Shape[] {
  const schema = deref(input, resolve);
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union) return union.flatMap((s) => variantsOf(s, resolve));
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : schema.type === undefined ? ['any'] : [schema.type as string];
  return types.map((type) => (type === 'null' ? { type } : single(type, schema, resolve)));
}

function single(type: string, schema: JsonSchema, resolve: (ref: string) => JsonSchema): Shape {
  const shape: Shape = { type };
  for (const key of KEPT) {
    const value = schema[key];
    if (value !== undefined && !(typeof value === 'number' && SAFE_INT_BOUNDS.has(value))) shape[key] = value;
  }
  if (Array.isArray(schema.enum)) shape.enum = [...(schema.enum as unknown[])].map(String).sort();
  if (type === 'object') {
    const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
    shape.properties = Object.fromEntries(
      Object.keys(props)
        .sort()
        .map((k) => [k, shapeOf(props[k]!, resolve, false)]),
    );
    shape.required = [...((schema.required as string[] | undefined) ?? [])].sort();
  }
  if (type === 'array' && schema.items) shape.items = shapeOf(schema.items as JsonSchema, resolve, false);
  return shape;
}
