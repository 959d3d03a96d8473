/**
 * @module Strict input: every JSON body and query string of a route is checked against exactly what its schema names,
 * so a misspelt field (`eventTypes` for `enabledEvents`) is a 400 naming it instead of being dropped in silence. Done
 * once, for every route, by `createRouter` (router.ts): the schemas stay as written (and so does openapi.json); each
 * route validates with a strict twin of them.
 */
import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { InvalidRequestError } from '../errors.js';
import { mediaType } from './body.js';
import type { AppEnv } from './env.js';

type Schema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string };

const { clone, mergeDefs } = z.core.util;
const twins = { field: new WeakMap<Schema, Schema>(), parameter: new WeakMap<Schema, Schema>() };

/** The issue message for keys an object does not name, listing those it does. */
function unknownKeysError(kind: 'field' | 'parameter', known: string[]) {
  const message = known.length ? `is not a known ${kind}; expected one of: ${known.join(', ')}` : `is not a known ${kind}; none is taken here`;
  return (issue: { code?: string }) => (issue.code === 'unrecognized_keys' ? message : undefined);
}

/**
 * A copy of `schema` in which every object, however deep (inside optionals, arrays, unions, pipes…), refuses keys it
 * does not name. Parsing otherwise behaves the same and gives the same output type.
 */
export function strictSchema<T extends Schema>(schema: T, kind: 'field' | 'parameter' = 'field'): T {
  const known = twins[kind].get(schema);
  if (known) return known as T;
  const def = schema._zod.def as Def;
  const twin = (s: unknown) => strictSchema(s as Schema, kind);
  const copy = (changes: Record<string, unknown>) => clone(schema, mergeDefs(def, changes) as never, { parent: true }) as T;
  let result: T;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, Schema>;
      const strictShape = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, twin(v)]));
      // An object that already takes other keys (a catchall, passthrough) keeps doing so.
      result = copy({ shape: strictShape, ...(def.catchall === undefined && { catchall: z.never(), error: unknownKeysError(kind, Object.keys(shape)) }) });
      break;
    }
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
    case 'success':
      result = copy({ innerType: twin(def.innerType) });
      break;
    case 'pipe':
      result = copy({ in: twin(def.in) });
      break;
    case 'array':
      result = copy({ element: twin(def.element) });
      break;
    case 'union':
      result = copy({ options: (def.options as Schema[]).map(twin) });
      break;
    case 'intersection':
      result = copy({ left: twin(def.left), right: twin(def.right) });
      break;
    case 'record':
      result = copy({ valueType: twin(def.valueType) });
      break;
    case 'tuple':
      result = copy({ items: (def.items as Schema[]).map(twin), ...(def.rest ? { rest: twin(def.rest) } : {}) });
      break;
    case 'lazy': {
      const getter = def.getter as () => Schema;
      result = z.lazy(() => twin(getter()) as z.ZodType) as unknown as T;
      break;
    }
    default:
      result = schema;
  }
  twins[kind].set(schema, result);
  return result;
}

/** The query of a route that declares none: no parameter at all. */
export const NO_QUERY = z.object({});

/** For a route that takes no body: a JSON body may be empty or `{}`, nothing else (the SDK sends no body at all). */
export function refuseBodyFields(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (mediaType(c.req.header('content-type')) !== 'application/json') return next();
    const text = (await c.req.text()).trim();
    if (text === '') return next();
    const value = JSON.parse(text) as unknown;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InvalidRequestError('Invalid body: this endpoint takes no body.', [{ path: ['body'], message: 'this endpoint takes no body' }]);
    }
    const keys = Object.keys(value);
    if (keys.length) {
      const issues = keys.map((k) => ({ path: ['body', k], message: 'is not a known field; none is taken here' }));
      throw new InvalidRequestError(`Invalid body: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, issues);
    }
    await next();
  };
}
