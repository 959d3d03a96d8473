import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { BASE, client, server, useServer } from '../test/helpers.js';
import { ResellerKit } from './client.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  ResellerKitError,
  UnprocessableEntityError,
} from './errors.js';
import { VERSION } from './version.js';

useServer();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The 409 the server gives while a request with the same Idempotency-Key still runs: the one transient 409. */
const IN_PROGRESS = { status: 409, type: 'idempotency_in_progress' } as const;

/**
 * Answers `statuses` in turn (a number is a status, `{ status, type }` one with that error type, 'network' a dropped
 * connection), then 200.
 */
function sequence(method: 'get' | 'post', url: string, statuses: (number | { status: number; type: string } | 'network')[], seen: Request[] = []) {
  server.use(
    http[method](url, ({ request }) => {
      seen.push(request.clone());
      const next = statuses[seen.length - 1];
      if (next === undefined) return HttpResponse.json({ id: 'org_1', attempt: seen.length });
      if (next === 'network') return HttpResponse.error();
      const { status, type } = typeof next === 'number' ? { status: next, type: 'x' } : next;
      return HttpResponse.json({ error: { type, message: `status ${status}`, requestId: 'req_x' } }, { status });
    }),
  );
  return seen;
}

describe('transport', () => {
  it('sends auth, SDK version, JSON content type and merged headers', async () => {
    const seen = sequence('post', `${BASE}/v1/organizations`, []);
    const rk = client({ defaultHeaders: { 'X-Team': 'a', 'X-Drop': 'yes' } });
    await rk.organizations.create({ name: 'Brf Solrosen' }, { headers: { 'X-Extra': 'b', 'X-Drop': null } });
    const req = seen[0]!;
    expect(req.headers.get('authorization')).toBe('Bearer rk_test');
    expect(req.headers.get('x-resellerkit-sdk')).toBe(`resellerkit-js/${VERSION}`);
    expect(req.headers.get('user-agent')).toBe(`resellerkit-js/${VERSION}`);
    expect(req.headers.get('content-type')).toBe('application/json');
    expect(req.headers.get('accept')).toBe('application/json');
    expect(req.headers.get('x-team')).toBe('a');
    expect(req.headers.get('x-extra')).toBe('b');
    expect(req.headers.has('x-drop')).toBe(false);
    expect(await req.json()).toEqual({ name: 'Brf Solrosen' });
  });

  it('trims a trailing slash of baseUrl and drops undefined query values', async () => {
    const urls: string[] = [];
    server.use(http.get(`${BASE}/v1/trials`, ({ request }) => (urls.push(request.url), HttpResponse.json({ data: [], nextCursor: null }))));
    await client({ baseUrl: `${BASE}/` }).trials.list({ status: 'active', cursor: undefined, limit: 5 });
    expect(urls).toEqual([`${BASE}/v1/trials?status=active&limit=5`]);
  });

  it('encodes ids in paths', async () => {
    const urls: string[] = [];
    server.use(http.get(`${BASE}/v1/trials/:id`, ({ request }) => (urls.push(request.url), HttpResponse.json({}))));
    await client().trials.retrieve('a/b?c');
    expect(urls).toEqual([`${BASE}/v1/trials/a%2Fb%3Fc`]);
  });

  it('returns undefined for 204', async () => {
    server.use(http.delete(`${BASE}/v1/trials/:id/users/:userId`, () => new HttpResponse(null, { status: 204 })));
    await expect(client().trials.users.remove('trial_1', 'tu_1')).resolves.toBeUndefined();
  });

  it('needs an API key', () => {
    const saved = process.env.RESELLERKIT_API_KEY;
    delete process.env.RESELLERKIT_API_KEY;
    try {
      expect(() => new ResellerKit({ baseUrl: BASE })).toThrow(ResellerKitError);
    } finally {
      if (saved !== undefined) process.env.RESELLERKIT_API_KEY = saved;
    }
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const rk = new ResellerKit({
      apiKey: 'rk_x',
      baseUrl: BASE,
      fetch: async (input) => {
        calls.push(String(input));
        return new Response(JSON.stringify({ currency: 'SEK' }), { headers: { 'content-type': 'application/json' } });
      },
    });
    expect(await rk.revenue.retrieve({ groupBy: 'year' })).toEqual({ currency: 'SEK' });
    expect(calls).toEqual([`${BASE}/v1/revenue?groupBy=year`]);
  });
});

describe('retries', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries a %i and then succeeds', async (status) => {
    const seen = sequence('get', `${BASE}/v1/organizations/org_1`, [status, status]);
    const rk = client();
    const org = await rk.organizations.retrieve('org_1');
    expect(org).toMatchObject({ id: 'org_1', attempt: 3 });
    expect(seen).toHaveLength(3);
    expect(rk.sleeps).toHaveLength(2);
  });

  it('retries a 409 only when its type says it is transient (the same Idempotency-Key still running)', async () => {
    const seen = sequence('post', `${BASE}/v1/organizations`, [IN_PROGRESS, IN_PROGRESS]);
    const rk = client();
    await expect(rk.organizations.create({ name: 'A' })).resolves.toMatchObject({ attempt: 3 });
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((r) => r.headers.get('idempotency-key'))).size).toBe(1);
  });

  it.each(['conflict', 'x', undefined])('never retries a 409 state conflict (type %s)', async (type) => {
    let calls = 0;
    server.use(http.post(`${BASE}/v1/admin/orders/:id/approve`, () => (calls++, HttpResponse.json({ error: { type, message: 'The order is already approved.', requestId: 'req_c' } }, { status: 409 }))));
    const rk = client();
    const err = await rk.admin.orders.approve('ord_1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).type).toBe(type);
    expect(calls).toBe(1);
    expect(rk.sleeps).toEqual([]);
  });

  it('retries a dropped connection', async () => {
    const seen = sequence('get', `${BASE}/v1/organizations/org_1`, ['network']);
    await expect(client().organizations.retrieve('org_1')).resolves.toMatchObject({ attempt: 2 });
    expect(seen).toHaveLength(2);
  });

  it('gives up on a connection error after maxRetries with APIConnectionError', async () => {
    const seen = sequence('get', `${BASE}/v1/organizations/org_1`, ['network', 'network', 'network']);
    const err = await client().organizations.retrieve('org_1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(err).not.toBeInstanceOf(APIConnectionTimeoutError);
    expect(seen).toHaveLength(3);
  });

  it.each([
    [400, BadRequestError],
    [404, NotFoundError],
    [422, UnprocessableEntityError],
  ])('does not retry a %i', async (status, Ctor) => {
    const seen = sequence('get', `${BASE}/v1/organizations/org_1`, [status]);
    const rk = client();
    await expect(rk.organizations.retrieve('org_1')).rejects.toBeInstanceOf(Ctor);
    expect(seen).toHaveLength(1);
    expect(rk.sleeps).toEqual([]);
  });

  it('stops after maxRetries and throws the last error', async () => {
    const seen = sequence('get', `${BASE}/v1/organizations/org_1`, [500, 500, 503, 500]);
    const err = await client().organizations.retrieve('org_1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InternalServerError);
    expect((err as InternalServerError).status).toBe(503);
    expect(seen).toHaveLength(3);
  });

  it('takes maxRetries from the client and from the request', async () => {
    let seen = sequence('get', `${BASE}/v1/organizations/org_1`, [500, 500, 500, 500, 500, 500]);
    await expect(client({ maxRetries: 4 }).organizations.retrieve('org_1')).rejects.toBeInstanceOf(InternalServerError);
    expect(seen).toHaveLength(5);
    seen = sequence('get', `${BASE}/v1/organizations/org_1`, [500, 500]);
    await expect(client().organizations.retrieve('org_1', { maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(seen).toHaveLength(1);
  });

  it('backs off exponentially from 0.5 s, capped at 8 s', async () => {
    sequence('get', `${BASE}/v1/organizations/org_1`, [500, 500, 500, 500, 500, 500, 500]);
    const rk = client({ maxRetries: 7 });
    rk.rand = () => 0;
    await rk.organizations.retrieve('org_1');
    expect(rk.sleeps).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });

  it('jitters each delay down by at most a quarter', () => {
    const rk = client();
    rk.rand = () => 0.999999;
    expect(rk.delayFor(0)).toBeCloseTo(375, 0);
    expect(rk.delayFor(10)).toBeCloseTo(6000, 0);
    const real = new ResellerKit({ apiKey: 'k' }) as unknown as { retryDelay(a: number): number };
    const delays = Array.from({ length: 50 }, (_, i) => real.retryDelay(i % 6));
    for (const [i, d] of delays.entries()) {
      const base = Math.min(500 * 2 ** (i % 6), 8000);
      expect(d).toBeGreaterThanOrEqual(base * 0.75);
      expect(d).toBeLessThanOrEqual(base);
    }
    expect(new Set(delays.filter((_, i) => i % 6 === 0)).size).toBeGreaterThan(1);
  });

  it('honours Retry-After in seconds, as an HTTP date, and retry-after-ms', async () => {
    const rk = client();
    expect(rk.delayFor(0, new Headers({ 'retry-after': '3' }))).toBe(3000);
    expect(rk.delayFor(0, new Headers({ 'retry-after-ms': '150', 'retry-after': '3' }))).toBe(150);
    const date = new Date(Date.now() + 10_000).toUTCString();
    const fromDate = rk.delayFor(0, new Headers({ 'retry-after': date }));
    expect(fromDate).toBeGreaterThan(8000);
    expect(fromDate).toBeLessThanOrEqual(10_000);
    // Unreasonable or unparsable values fall back to the backoff.
    expect(rk.delayFor(0, new Headers({ 'retry-after': '3600' }))).toBeLessThanOrEqual(500);
    expect(rk.delayFor(0, new Headers({ 'retry-after': 'soon' }))).toBeLessThanOrEqual(500);

    let calls = 0;
    server.use(
      http.get(`${BASE}/v1/customers/:id`, () =>
        calls++
          ? HttpResponse.json({ id: 'cus_1' })
          : HttpResponse.json({ error: { type: 'rate_limited', message: 'slow down' } }, { status: 429, headers: { 'Retry-After': '2' } }),
      ),
    );
    const rk2 = client();
    await expect(rk2.customers.retrieve('cus_1')).resolves.toEqual({ id: 'cus_1' });
    expect(calls).toBe(2);
    expect(rk2.sleeps).toEqual([2000]);
  });

  it('fails at once, with the wait exposed, when the server asks for a longer pause than a minute', async () => {
    const answers: Record<string, () => Response> = {
      seconds: () => HttpResponse.json({ error: { type: 'rate_limited', message: 'slow down' } }, { status: 429, headers: { 'Retry-After': '3600' } }),
      ms: () => HttpResponse.json({ error: { type: 'rate_limited', message: 'slow down' } }, { status: 429, headers: { 'retry-after-ms': '61000' } }),
      date: () => HttpResponse.json({ error: { type: 'unavailable', message: 'maintenance' } }, { status: 503, headers: { 'Retry-After': new Date(Date.now() + 7_200_000).toUTCString() } }),
    };
    let calls = 0;
    server.use(http.get(`${BASE}/v1/customers/:id`, ({ params }) => (calls++, answers[params.id as string]!())));
    const rk = client({ maxRetries: 4 });

    const limited = await rk.customers.retrieve('seconds').catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ status: 429, type: 'rate_limited', retryAfterMs: 3_600_000 });
    expect(await rk.customers.retrieve('ms').catch((e: unknown) => e)).toMatchObject({ status: 429, retryAfterMs: 61_000 });
    const down = await rk.customers.retrieve('date').catch((e: unknown) => e);
    expect(down).toBeInstanceOf(InternalServerError);
    expect((down as InternalServerError).retryAfterMs).toBeGreaterThan(7_100_000);
    // One attempt each, no wait, no early retry against the server's word.
    expect(calls).toBe(3);
    expect(rk.sleeps).toEqual([]);
  });

  it('still waits out a Retry-After of exactly a minute, and exposes the wait when retries are spent', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/v1/customers/:id`, () => (calls++, HttpResponse.json({ error: { type: 'rate_limited', message: 'wait' } }, { status: 429, headers: { 'Retry-After': '60' } }))));
    const rk = client({ maxRetries: 1 });
    const err = await rk.customers.retrieve('cus_1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ retryAfterMs: 60_000 });
    expect(calls).toBe(2);
    expect(rk.sleeps).toEqual([60_000]);
  });

  it('really sleeps between attempts by default', async () => {
    sequence('get', `${BASE}/v1/organizations/org_1`, [503]);
    const rk = new ResellerKit({ apiKey: 'k', baseUrl: BASE });
    const started = Date.now();
    await rk.organizations.retrieve('org_1');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(370);
    expect(elapsed).toBeLessThan(2000);
  });
});

describe('idempotency keys', () => {
  it('generates one key per logical POST and reuses it on every retry', async () => {
    const seen = sequence('post', `${BASE}/v1/organizations`, [500, 'network', IN_PROGRESS]);
    const rk = client({ maxRetries: 3 });
    await rk.organizations.create({ name: 'A' });
    expect(seen).toHaveLength(4);
    const keys = seen.map((r) => r.headers.get('idempotency-key'));
    expect(keys[0]).toMatch(UUID);
    expect(new Set(keys)).toEqual(new Set([keys[0]]));

    const again = sequence('post', `${BASE}/v1/organizations`, []);
    await rk.organizations.create({ name: 'A' });
    expect(again[0]!.headers.get('idempotency-key')).toMatch(UUID);
    expect(again[0]!.headers.get('idempotency-key')).not.toBe(keys[0]);
  });

  it('sends none on GET', async () => {
    const seen = sequence('get', `${BASE}/v1/organizations/org_1`, [500]);
    await client().organizations.retrieve('org_1');
    expect(seen.map((r) => r.headers.has('idempotency-key'))).toEqual([false, false]);
  });

  it('uses a given idempotencyKey on every attempt', async () => {
    const seen = sequence('post', `${BASE}/v1/organizations`, [429]);
    await client().organizations.create({ name: 'A' }, { idempotencyKey: 'create-org-42' });
    expect(seen.map((r) => r.headers.get('idempotency-key'))).toEqual(['create-org-42', 'create-org-42']);
  });
});

describe('timeouts and aborts', () => {
  it('throws APIConnectionTimeoutError when no answer comes in time', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/v1/organizations/:id`, async () => (calls++, await delay(2000), HttpResponse.json({}))));
    const started = Date.now();
    const err = await client({ timeout: 50 }).organizations.retrieve('org_1', { maxRetries: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIConnectionTimeoutError);
    expect(err).toBeInstanceOf(APIConnectionError);
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('takes the timeout per request', async () => {
    server.use(http.get(`${BASE}/v1/organizations/:id`, async () => (await delay(150), HttpResponse.json({ id: 'org_1' }))));
    const rk = client({ timeout: 30, maxRetries: 0 });
    await expect(rk.organizations.retrieve('org_1')).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    await expect(rk.organizations.retrieve('org_1', { timeout: 2000 })).resolves.toEqual({ id: 'org_1' });
  });

  it.each([0, Infinity, 2 ** 31, 2 ** 40])('treats a timeout of %s as no timeout (or the longest a timer holds), never as an instant one', async (timeout) => {
    server.use(http.get(`${BASE}/v1/organizations/:id`, async () => (await delay(50), HttpResponse.json({ id: 'org_1' }))));
    await expect(client({ timeout, maxRetries: 0 }).organizations.retrieve('org_1')).resolves.toEqual({ id: 'org_1' });
    await expect(client({ maxRetries: 0 }).organizations.retrieve('org_1', { timeout })).resolves.toEqual({ id: 'org_1' });
  });

  it.each([-1, NaN, '30s' as unknown as number])('refuses a timeout of %s', async (timeout) => {
    expect(() => client({ timeout })).toThrow(ResellerKitError);
    expect(() => client({ timeout })).toThrow(/timeout must be a number of milliseconds/);
    await expect(client().organizations.retrieve('org_1', { timeout })).rejects.toThrow(/timeout must be a number/);
  });

  it('cancels a retry wait at once when the signal aborts, however long the server asked to wait', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/v1/organizations/:id`, () => (calls++, HttpResponse.json({ error: { type: 'rate_limited', message: 'wait' } }, { status: 429, headers: { 'Retry-After': '60' } }))));
    const controller = new AbortController();
    // The real sleep: a wait that ignored the signal would outlast this test's timeout.
    const rk = new ResellerKit({ apiKey: 'rk_test', baseUrl: BASE });
    const pending = rk.organizations.retrieve('org_1', { signal: controller.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(calls).toBe(1));
    controller.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(calls).toBe(1);
  });

  it('does not start a retry after the signal aborted during the wait', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/v1/organizations/:id`, () => (calls++, new HttpResponse(null, { status: 503 }))));
    const controller = new AbortController();
    class AbortingClient extends ResellerKit {
      protected override sleep(): Promise<void> {
        controller.abort();
        return Promise.resolve();
      }
    }
    const err = await new AbortingClient({ apiKey: 'rk_test', baseUrl: BASE }).organizations.retrieve('org_1', { signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(calls).toBe(1);
  });

  it("does not retry when the caller's signal aborts", async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/v1/organizations/:id`, async () => (calls++, await delay(2000), HttpResponse.json({}))));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const err = await client().organizations.retrieve('org_1', { signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APIUserAbortError);
    expect(calls).toBe(1);
  });
});

describe('binary bodies', () => {
  it('uploads an agreement as application/pdf bytes', async () => {
    const seen: Request[] = [];
    server.use(http.put(`${BASE}/v1/orders/:id/agreement`, ({ request }) => (seen.push(request), HttpResponse.json({ id: 'ord_1' }))));
    const pdf = new TextEncoder().encode('%PDF-1.7 test');
    await client().orders.attachAgreement('ord_1', pdf);
    expect(seen[0]!.headers.get('content-type')).toBe('application/pdf');
    expect(seen[0]!.headers.has('idempotency-key')).toBe(false);
    expect(new Uint8Array(await seen[0]!.arrayBuffer())).toEqual(pdf);
  });

  it('names the agreement file: the filename given, else a File’s own name', async () => {
    const urls: string[] = [];
    server.use(http.put(`${BASE}/v1/orders/:id/agreement`, ({ request }) => (urls.push(new URL(request.url).search), HttpResponse.json({ id: 'ord_1' }))));
    await client().orders.attachAgreement('ord_1', new TextEncoder().encode('%PDF-1.7'), { filename: 'avtal signerat.pdf' });
    await client().orders.attachAgreement('ord_1', new File(['%PDF-1.7'], 'styrelsen-avtal.pdf', { type: 'application/pdf' }));
    await client().orders.attachAgreement('ord_1', new Blob(['%PDF-1.7']));
    expect(urls).toEqual(['?filename=avtal+signerat.pdf', '?filename=styrelsen-avtal.pdf', '']);
  });

  it('re-sends the same bytes on a retry (Blob body)', async () => {
    const bodies: string[] = [];
    server.use(
      http.put(`${BASE}/v1/orders/:id/agreement`, async ({ request }) => {
        bodies.push(await request.text());
        return bodies.length === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ id: 'ord_1' });
      }),
    );
    await client().orders.attachAgreement('ord_1', new Blob(['%PDF-1.4 blob']));
    expect(bodies).toEqual(['%PDF-1.4 blob', '%PDF-1.4 blob']);
  });

  it('imports a plan with the spreadsheet content type and query flags', async () => {
    const seen: Request[] = [];
    server.use(
      http.post(`${BASE}/v1/organizations/:id/plan/import`, ({ request }) => (seen.push(request), HttpResponse.json({ dryRun: true, rows: [], errors: [] }))),
    );
    const rk = client();
    const preview = await rk.organizations.plan.import('org_1', new Uint8Array([80, 75, 3, 4]), {
      contentType: 'xlsx',
      dryRun: true,
      mode: 'replace',
    });
    expect(preview.dryRun).toBe(true);
    await rk.organizations.plan.import('org_1', new TextEncoder().encode('Fastighet;Byggnad\n'), { contentType: 'csv' });
    expect(seen[0]!.url).toBe(`${BASE}/v1/organizations/org_1/plan/import?dryRun=true&mode=replace`);
    expect(seen[0]!.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(new Uint8Array(await seen[0]!.arrayBuffer())).toEqual(new Uint8Array([80, 75, 3, 4]));
    expect(seen[1]!.url).toBe(`${BASE}/v1/organizations/org_1/plan/import`);
    expect(seen[1]!.headers.get('content-type')).toBe('text/csv');
    expect(seen[1]!.headers.get('idempotency-key')).toMatch(UUID);
  });

  it('downloads the import template as an ArrayBuffer', async () => {
    const xlsx = new Uint8Array([80, 75, 3, 4, 0, 255]);
    server.use(
      http.get(`${BASE}/v1/plan-import-template`, () =>
        new HttpResponse(xlsx, { headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } }),
      ),
    );
    const bytes = await client().organizations.plan.template();
    expect(bytes).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(bytes)).toEqual(xlsx);
  });
});
