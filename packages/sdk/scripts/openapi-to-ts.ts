/**
 * @module Turns the server's OpenAPI 3.1 document into TypeScript declarations (no runtime code).
 *
 * Hand-rolled on purpose: the server emits a small JSON-schema subset (objects, `required`, `enum`,
 * arrays, `$ref`, `anyOf`/`oneOf`/`allOf`, nullable type arrays, `additionalProperties`), and a
 * hundred lines here keep the SDK free of a generator dependency. Anything outside that subset
 * throws, so a new construct on the server fails `npm run generate` instead of degrading to `any`.
 */

export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  description?: string;
  format?: string;
  [keyword: string]: unknown;
};

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface OpenApiDocument {
  info?: { title?: string; version?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const JSON_TYPE = 'application/json';
/** Keywords that only constrain values at runtime; TypeScript cannot express them, so they are dropped. */
const IGNORED = new Set([
  'description', 'example', 'examples', 'format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum',
  'exclusiveMinimum', 'exclusiveMaximum', 'minItems', 'maxItems', 'default', 'title', 'deprecated', 'readOnly', 'writeOnly',
]);

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** A literal type in the repository's quote style. */
const literal = (value: unknown) =>
  typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'` : JSON.stringify(value);
const key = (name: string) => (identifier.test(name) ? name : literal(name));
const indent = (depth: number) => '  '.repeat(depth);

function doc(text: string | undefined, depth: number): string {
  if (!text) return '';
  return `${indent(depth)}/** ${text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ')} */\n`;
}

function refName(ref: string, schemas: Record<string, JsonSchema>): string {
  const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
  if (!m || !schemas[m[1]!]) throw new Error(`Unresolvable $ref ${ref}`);
  if (!identifier.test(m[1]!)) throw new Error(`Schema name ${m[1]} is not a TypeScript identifier`);
  return m[1]!;
}

/** A union or intersection member inside an array or another operator needs parentheses. */
function wrap(type: string): string {
  return /^[\w$.'"[\]]+(\[\])*$/.test(type) || type.startsWith('{') ? type : `(${type})`;
}

function union(types: string[]): string {
  const unique = [...new Set(types)];
  return unique.length === 1 ? unique[0]! : unique.map((t) => (t.includes(' & ') ? `(${t})` : t)).join(' | ');
}

/** The TypeScript type of one schema, at `depth` for the nested object literals it prints. */
export function schemaToType(schema: JsonSchema, schemas: Record<string, JsonSchema>, depth = 0): string {
  const unknownKeys = Object.keys(schema).filter(
    (k) => !IGNORED.has(k) && !['$ref', 'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', 'oneOf', 'allOf', 'nullable'].includes(k),
  );
  if (unknownKeys.length) throw new Error(`Unsupported JSON-schema keywords: ${unknownKeys.join(', ')}`);

  if (schema.$ref) return refName(schema.$ref, schemas);
  if (schema.allOf) {
    // zod-openapi writes `.describe()` on a referenced schema as allOf [$ref, {description}]: keep the real parts.
    const parts = schema.allOf.filter((s) => Object.keys(s).some((k) => !IGNORED.has(k)));
    return parts.length ? parts.map((s) => wrap(schemaToType(s, schemas, depth))).join(' & ') : 'unknown';
  }
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return union(variants.map((s) => schemaToType(s, schemas, depth)));
  if ('const' in schema) return literal(schema.const);
  if (schema.enum) return union(schema.enum.map(literal));

  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (!types.length) {
    if (schema.properties || schema.additionalProperties !== undefined) return objectType(schema, schemas, depth);
    return 'unknown';
  }
  const out = types.map((t) => {
    switch (t) {
      case 'string':
        return 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'null':
        return 'null';
      case 'array':
        return `${wrap(schema.items ? schemaToType(schema.items, schemas, depth) : 'unknown')}[]`;
      case 'object':
        return objectType(schema, schemas, depth);
      default:
        throw new Error(`Unsupported JSON-schema type ${t}`);
    }
  });
  if (schema.nullable === true) out.push('null');
  return union(out);
}

function objectType(schema: JsonSchema, schemas: Record<string, JsonSchema>, depth: number): string {
  const props = Object.entries(schema.properties ?? {});
  const extra = schema.additionalProperties;
  const extraType = extra === undefined || extra === false ? undefined : extra === true ? 'unknown' : schemaToType(extra, schemas, depth + 1);
  if (!props.length) return extraType ? `Record<string, ${extraType}>` : 'Record<string, never>';
  const required = new Set(schema.required ?? []);
  const lines = props.map(([name, prop]) => {
    const optional = required.has(name) ? '' : '?';
    return `${doc(prop.description, depth + 1)}${indent(depth + 1)}${key(name)}${optional}: ${schemaToType(prop, schemas, depth + 1)};`;
  });
  if (extraType) lines.push(`${indent(depth + 1)}[key: string]: ${extraType};`);
  return `{\n${lines.join('\n')}\n${indent(depth)}}`;
}

function operationType(op: Operation, schemas: Record<string, JsonSchema>, depth: number): string {
  const members: string[] = [];
  const query = (op.parameters ?? []).filter((p) => p.in === 'query');
  if (query.length) {
    const properties = Object.fromEntries(query.map((p) => [p.name, { ...p.schema, description: p.description ?? p.schema?.description }]));
    const required = query.filter((p) => p.required).map((p) => p.name);
    members.push(`${indent(depth + 1)}query: ${objectType({ properties, required }, schemas, depth + 1)};`);
  }
  const content = op.requestBody?.content ?? {};
  const contentTypes = Object.keys(content);
  if (contentTypes.length) {
    members.push(`${indent(depth + 1)}bodyContentType: ${union(contentTypes.map(literal))};`);
    const json = content[JSON_TYPE]?.schema;
    // Binary uploads (PDF, spreadsheets) have no JSON shape; the content types above describe them.
    if (json) members.push(`${indent(depth + 1)}body${op.requestBody?.required === false ? '?' : ''}: ${schemaToType(json, schemas, depth + 1)};`);
  }
  const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
  const responses = success.map(([, r]) => {
    const types = Object.keys(r.content ?? {});
    if (!types.length) return 'void';
    const json = r.content?.[JSON_TYPE]?.schema;
    return json ? schemaToType(json, schemas, depth + 1) : 'ArrayBuffer';
  });
  members.push(`${indent(depth + 1)}response: ${responses.length ? union(responses) : 'unknown'};`);
  return `{\n${members.join('\n')}\n${indent(depth)}}`;
}

/** The whole module: one declaration per component schema, then `Paths` keyed by path and method. */
export function renderContract(document: OpenApiDocument): string {
  const schemas = document.components?.schemas ?? {};
  const out: string[] = [
    '/**',
    ` * @module generated — do not edit. Types of the resellerkit API contract (${document.info?.title ?? 'openapi.json'} ${document.info?.version ?? ''}).`.replace(/ \)/, ')'),
    ' *',
    " * Written by scripts/generate-types.ts from the server's live `GET /openapi.json` (its zod schemas);",
    ' * a test fails when this file drifts from the server. Regenerate: `npm run generate -w @resellerkit/sdk`.',
    ' */',
    '',
  ];
  for (const [name, schema] of Object.entries(schemas)) {
    if (!identifier.test(name)) throw new Error(`Schema name ${name} is not a TypeScript identifier`);
    const type = schemaToType(schema, schemas, 0);
    out.push(doc(schema.description, 0) + (type.startsWith('{') ? `export interface ${name} ${type}\n` : `export type ${name} = ${type};\n`));
  }
  out.push('/** Every operation: `query` parameters, request `body` and its content types, and the success `response`. */');
  out.push('export interface Paths {');
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const ops = METHODS.filter((m) => item[m]);
    if (!ops.length) continue;
    out.push(`  ${literal(path)}: {`);
    for (const method of ops) out.push(`    ${method}: ${operationType(item[method]!, schemas, 2)};`);
    out.push('  };');
  }
  out.push('}', '');
  return out.join('\n');
}
