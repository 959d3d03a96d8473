/**
 * @module Every operation in the served OpenAPI document is named after the SDK method that calls it (`trials.create`,
 * `admin.resellers.list`), has a summary and declares its security. The SDK's methods are found by calling each one
 * against a recording `fetch`, so a method or a route added, renamed or moved on either side fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';
import { ResellerKit } from '../src/index.js';
import { APIResource } from '../src/resources/resource.js';

/** Operations the SDK deliberately leaves out: a customer user's own session, the vendor's audit log, service plumbing. */
const NOT_IN_SDK = ['admin.auditLog.list', 'health.check', 'jwks.retrieve', 'me.login', 'me.plan.replace', 'me.plan.retrieve', 'me.retrieve'];

type Operation = { operationId?: string; summary?: string; security?: unknown[] };
type Doc = { paths: Record<string, Record<string, Operation>> };

/** `METHOD /path` the SDK sends for each of its methods, by the method's dotted name. */
async function sdkCalls(): Promise<Map<string, string>> {
  const calls = new Map<string, string>();
  let last: string | undefined;
  const client = new ResellerKit({
    apiKey: 'rk_test',
    baseUrl: 'http://sdk.test',
    maxRetries: 0,
    fetch: async (input, init) => {
      last = `${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`;
      return new Response('{"data":[],"nextCursor":null}', { status: 200, headers: { 'content-type': 'application/json' } });
    },
  });
  const visit = async (resource: APIResource, name: string) => {
    for (const [key, value] of Object.entries(resource)) if (value instanceof APIResource) await visit(value, `${name}${key}.`);
    for (const method of Object.getOwnPropertyNames(Object.getPrototypeOf(resource))) {
      const fn = (resource as unknown as Record<string, unknown>)[method];
      if (method === 'constructor' || typeof fn !== 'function') continue;
      last = undefined;
      // Ids as `{0}`, `{1}`…: the path template is read back from what was sent.
      const args = Array.from({ length: fn.length }, (_, i) => `{${i}}`);
      await Promise.resolve(fn.apply(resource, args)).catch(() => undefined);
      if (last) calls.set(`${name}${method}`, decodeURIComponent(last));
    }
  };
  for (const [key, value] of Object.entries(client)) if (value instanceof APIResource) await visit(value, `${key}.`);
  return calls;
}

/** `/v1/trials/{0}/users/{1}` matches `/v1/trials/{id}/users/{userId}`. */
const sameRoute = (sent: string, documented: string) => {
  const [a, b] = [sent.split('/'), documented.split('/')];
  return a.length === b.length && a.every((part, i) => part === b[i] || (/^\{\d\}$/.test(part) && /^\{\w+\}$/.test(b[i]!)));
};

describe('operation ids', () => {
  let h: Harness;
  let operations: { route: string; op: Operation }[];
  let calls: Map<string, string>;
  beforeAll(async () => {
    h = await createHarness('sqlite');
    const doc = (await (await h.app.request('/openapi.json')).json()) as Doc;
    operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })));
    calls = await sdkCalls();
  });
  afterAll(() => h.close());

  it('every operation has an operationId, a summary and its security', () => {
    const incomplete = operations.filter(({ op }) => !op.operationId || !op.summary || !Array.isArray(op.security)).map((o) => o.route);
    expect(incomplete).toEqual([]);
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('the SDK was read: it sends a request for each of its methods', () => {
    expect(calls.size).toBeGreaterThan(50);
    expect(calls.get('admin.resellers.list')).toBe('GET /v1/admin/resellers');
    expect(calls.get('trials.users.remove')).toBe('DELETE /v1/trials/{0}/users/{1}');
  });

  it('each SDK method calls the operation named after it', () => {
    const mismatched: string[] = [];
    for (const [name, call] of calls) {
      const [method, path] = call.split(' ');
      const found = operations.filter((o) => o.route.startsWith(`${method} `) && sameRoute(path!, o.route.slice(method!.length + 1)));
      if (found.length !== 1) mismatched.push(`${name}: ${call} matches ${found.length} operations`);
      else if (found[0]!.op.operationId !== name) mismatched.push(`${name}: ${found[0]!.route} is named ${found[0]!.op.operationId}`);
    }
    expect(mismatched).toEqual([]);
  });

  it('an operation without an SDK method is one the SDK leaves out on purpose', () => {
    const named = new Set(calls.keys());
    const orphans = operations.map((o) => o.op.operationId!).filter((id) => !named.has(id));
    expect(orphans.sort()).toEqual(NOT_IN_SDK);
  });
});
