/**
 * @module Fuzz and property tests over every operation in the live openapi.json: hostile bodies, ids and query strings
 * with every kind of credential never give a 5xx, always give our error shape on a 4xx, change nothing when refused,
 * and valid strings come back byte for byte.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, TEST_PDF, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

/** Runs per operation; ~60 operations × 2 properties keep the file well under a minute on both stores. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);

type Op = { method: string; path: string; params: { in: string; name: string }[]; bodyTypes: string[]; bodyProps: string[] };

function operations(spec: any): Op[] {
  const ops: Op[] = [];
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const content = op.requestBody?.content ?? {};
      const schema = resolve(spec, content['application/json']?.schema);
      ops.push({ method: method.toUpperCase(), path, params: op.parameters ?? [], bodyTypes: Object.keys(content), bodyProps: Object.keys(schema?.properties ?? {}) });
    }
  }
  return ops;
}

function resolve(spec: any, schema: any): any {
  if (schema?.$ref) return resolve(spec, spec.components.schemas[schema.$ref.split('/').pop()]);
  return schema;
}

// ---- hostile values ------------------------------------------------------------------------------------------------

const SQL = ["' OR 1=1 --", "'); DROP TABLE trials; --", '" OR ""="', '1; SELECT pg_sleep(1)', "\\'; --", '%', '_', '*'];
const NASTY = ['\u0000', 'a\u0000b', '\uD800', '\uDFFF x', '\u202E\u0007\u001B[31m', '../../etc/passwd', '%00', '%E0%A4%A', '\r\nX-Injected: 1', '<script>alert(1)</script>', '${7*7}', 'null', 'undefined', 'NaN', '-1', '1e309', '0x10', ''];

const hostileString = fc.oneof(
  fc.constantFrom(...SQL, ...NASTY),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u0001', '\uD800', '\uDC00', '\u007F', 'a', '\\', '"'), maxLength: 20 }),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
);

const protoKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty');

const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.constantFrom(Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 1e300, -0, 0.1),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, protoKeys), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A JSON text: mostly objects with the operation's own field names (to reach the rules), sometimes anything. */
function jsonText(props: string[]): fc.Arbitrary<string> {
  const known = props.length ? fc.dictionary(fc.constantFrom(...props), hostileValue, { maxKeys: props.length }) : fc.constant({});
  return fc.oneof(
    known.map((o) => JSON.stringify(o)),
    hostileValue.map((v) => JSON.stringify(v) ?? 'null'),
    // Prototype pollution: own "__proto__" keys only survive as raw JSON text.
    fc.tuple(protoKeys, hostileValue).map(([k, v]) => `{"${k}": {"isAdmin": true, "polluted": ${JSON.stringify(v) ?? 'null'}}}`),
    fc.integer({ min: 10, max: 200_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
    fc.integer({ min: 10, max: 200_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
    fc.constantFrom('', '{', '{"a":}', 'nul', '\u0000', '"\\ud800"', '{"a":"\\u0000"}', '[1,2', '1'.repeat(400)),
    fc.integer({ min: 1_048_000, max: 1_100_000 }).map((n) => JSON.stringify({ name: 'x'.repeat(n) })),
  );
}

const PLAN_ROW = 'Fastighet;Byggnad;Kategori;Läge;Åtgärd;År;Intervall;Mängd;Enhet;Styckpris;Status;Märkning\n';

function rawBody(types: string[]): fc.Arbitrary<{ type: string; body: Uint8Array | string }> {
  return fc.record({
    type: fc.constantFrom(...types, 'text/plain', 'application/x-www-form-urlencoded', 'application/pdf'),
    body: fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.constant(new Uint8Array(TEST_PDF)), fc.constantFrom('%PDF-', 'PK\u0003\u0004', 'Fastighet;Byggnad\n;;;\n', '', PLAN_ROW + 'A\u0000;B;Yttertak;Norr;Byt;2030;;1;st;100;utkast;\n', PLAN_ROW + "'; DROP TABLE plan_actions; --;B;Yttertak;Norr;Byt;2030;;1;st;1 234,50;utkast;\n")),
  });
}

/** Percent-encodes any string, lone surrogates included (as their UTF-8 replacement bytes). */
function pct(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...Buffer.from(s, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
}

// ---- the store, counted ----------------------------------------------------------------------------------------------

async function tableNames(h: Harness): Promise<string[]> {
  const q =
    h.services.ctx.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`
      : sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'`;
  return (await q.execute(h.services.ctx.db)).rows.map((r) => r.name);
}

async function counts(h: Harness, tables: string[]): Promise<Record<string, number>> {
  const select = sql.join(tables.map((t) => sql`(select count(*) from ${sql.table(t)}) as ${sql.ref(t)}`));
  const row = (await sql<Record<string, number>>`select ${select}`.execute(h.services.ctx.db)).rows[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}

describe.each(testDialects)('fuzzing every operation (%s)', (dialect) => {
  let h: Harness;
  let ops: Op[];
  let tables: string[];
  const keys: Record<string, string | undefined> = {};
  const ids: string[] = [];

  beforeAll(async () => {
    h = await createHarness(dialect, { env: { RATE_LIMIT: '0' } });
    const a = await h.reseller();
    const b = await h.reseller();
    const lic = await h.licence();
    const A = await submittedOrder(h, a, lic.id, 'Brf A');
    const B = await submittedOrder(h, b, lic.id, 'Brf B');
    const trial = await h.call('GET', `/v1/trials/${A.trialId}`, { key: a.key });
    const hook = await h.call('POST', '/v1/webhook-endpoints', { key: a.key, body: { url: 'https://hooks.example.com/rk' } });
    Object.assign(keys, { none: undefined, wrong: 'rk_live_' + 'A'.repeat(32), admin: TEST_ADMIN_KEY, resellerA: a.key, resellerB: b.key });
    ids.push(a.id, b.id, lic.id, ...Object.values(A), ...Object.values(B), trial.body.users[0].id);
    if (hook.status === 201) ids.push(hook.body.id);
    const spec = await h.call('GET', '/openapi.json');
    ops = operations(spec.body);
    tables = await tableNames(h);
  });
  afterAll(async () => h?.close());

  it('reads the live contract and covers the store', () => {
    expect(ops.length).toBeGreaterThan(40);
    expect(tables).toEqual(expect.arrayContaining(['trials', 'events', 'audit_log']));
  });

  const idArb = () => fc.oneof(fc.constantFrom(...ids), hostileString.map(pct), fc.constantFrom('%E0%A4%A', '%00', '..', '%2e%2e', 'trial_' + 'z'.repeat(60)));

  it('never answers a hostile request with a 5xx, always with the error shape, and changes nothing when it refuses', async () => {
    const seen = new Map<number, number>();
    for (const op of ops) {
      const queryParams = op.params.filter((p) => p.in === 'query').map((p) => p.name);
      const request = fc.record({
        credential: fc.constantFrom('none', 'wrong', 'admin', 'resellerA', 'resellerB'),
        pathIds: fc.array(idArb(), { minLength: 2, maxLength: 2 }),
        query: fc.dictionary(fc.oneof(fc.constantFrom(...queryParams, 'limit', 'cursor'), hostileString), hostileString, { maxKeys: 3 }),
        rawQuery: fc.option(fc.constantFrom('%', '%ZZ', 'a=%E0%A4%A', '&&==', 'limit=1&limit=2', 'cursor=%00'), { nil: undefined }),
        json: jsonText(op.bodyProps),
        raw: rawBody(op.bodyTypes.length ? op.bodyTypes : ['application/json']),
        useRaw: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          let i = 0;
          let path = op.path.replace(/\{[^}]+\}/g, () => r.pathIds[i++]!);
          const qs = Object.entries(r.query).map(([k, v]) => `${pct(k)}=${pct(v)}`).join('&');
          const query = [qs, r.rawQuery].filter(Boolean).join('&');
          if (query) path += `?${query}`;
          const key = keys[r.credential];
          const headers: Record<string, string> = {};
          let body: BodyInit | undefined;
          if (op.method !== 'GET' && op.method !== 'DELETE') {
            if (r.useRaw || !op.bodyTypes.includes('application/json')) {
              headers['content-type'] = r.raw.type;
              body = r.raw.body as BodyInit;
            } else {
              headers['content-type'] = 'application/json';
              body = r.json;
            }
          }
          const before = await counts(h, tables);
          const res = await h.call(op.method, path, { key, headers, raw: body });
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
          const where = `${op.method} ${path.slice(0, 200)} as ${r.credential} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;
          expect(res.status, where).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get('content-type'), where).toMatch(/^application\/json/);
            expect(res.body?.error, where).toMatchObject({ type: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
            expect(await counts(h, tables), `${where}: a refused request changed the store`).toEqual(before);
          }
          // Nothing from a body ever leaks onto the prototypes.
          expect(({} as Record<string, unknown>).isAdmin, where).toBeUndefined();
          expect(({} as Record<string, unknown>).polluted, where).toBeUndefined();
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }
    // The generators reach past the guards: some requests succeed, and each kind of refusal occurs.
    const statuses = [...seen.keys()];
    expect(statuses.some((s) => s < 300), JSON.stringify([...seen])).toBe(true);
    expect(statuses, JSON.stringify([...seen])).toEqual(expect.arrayContaining([400, 401, 404]));
    if (process.env.FUZZ_REPORT) console.log(dialect, JSON.stringify([...seen].sort((a, b) => a[0] - b[0])));
  });

  const Name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => s === s.trim() && s.length > 0 && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s) && [...s].length <= 200);

  it('stores a valid unicode name byte for byte and returns it identical', async () => {
    await fc.assert(
      fc.asyncProperty(Name, async (name) => {
        const created = await h.call('POST', '/v1/organizations', { key: keys.resellerA, body: { name } });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const read = await h.call('GET', `/v1/organizations/${created.body.id}`, { key: keys.resellerA });
        expect(Buffer.from(read.body.name, 'utf8').equals(Buffer.from(name, 'utf8'))).toBe(true);
        expect(read.body.name).toBe(name);
      }),
      { numRuns: RUNS * 3 },
    );
  });
});
