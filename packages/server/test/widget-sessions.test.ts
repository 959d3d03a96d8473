import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, SignJWT } from 'jose';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app/create-app.js';
import { openServices } from '../src/app/services.js';
import { DEMO_ADMIN_KEY, seedDemo } from '../src/demo/seed.js';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, TEST_SECRET_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

const PMS = 'https://pms.example';
const EVIL = 'https://evil.example';

describe.each(testDialects)('widget sessions, origin binding and CORS (%s)', (dialect) => {
  let h: Harness;
  let reseller: { id: string; key: string };
  let token: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    reseller = await h.reseller({ allowedOrigins: [PMS] });
    const minted = await h.call('POST', '/v1/widget-sessions', { key: reseller.key, body: { origin: PMS, user: { id: 'u1', email: 'anna@pms.example' } } });
    expect(minted.status).toBe(201);
    token = minted.body.token;
  });
  afterAll(() => h.close());

  const asWidget = (method: string, path: string, origin: string | null, body?: unknown, t = token) =>
    h.call(method, path, { body, headers: { authorization: `Bearer ${t}`, ...(origin && { origin }) } });

  it('mints an EdDSA JWT with iss, aud, sub, origin, kid and at most 15 minutes to live', async () => {
    const header = decodeProtectedHeader(token);
    expect(header.alg).toBe('EdDSA');
    expect(header.kid).toBeTruthy();
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ iss: 'http://resellerkit.test', aud: 'resellerkit-widget', sub: reseller.id, origin: PMS, scope: 'reseller', user: { id: 'u1' } });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(15 * 60);
    expect(claims.exp! * 1000).toBe(h.clock.now().getTime() + 10 * 60_000);
    // Anyone can verify it against the published JWKS.
    const jwks = await h.call('GET', '/.well-known/jwks.json');
    const jwk = jwks.body.keys.find((k: { kid: string }) => k.kid === header.kid);
    expect(jwk).toBeTruthy();
    await expect(jwtVerify(token, await importJWK(jwk, 'EdDSA'), { currentDate: h.clock.now(), audience: 'resellerkit-widget' })).resolves.toBeTruthy();
  });

  it('refuses an origin outside allowedOrigins (422 naming origin) and a malformed one (400)', async () => {
    const refused = await h.call('POST', '/v1/widget-sessions', { key: reseller.key, body: { origin: EVIL } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.issues[0].path).toEqual(['origin']);
    const bad = await h.call('POST', '/v1/widget-sessions', { key: reseller.key, body: { origin: 'https://pms.example/path' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.issues)).toContain('origin');
  });

  it('accepts the token only from its own origin', async () => {
    expect((await asWidget('GET', '/v1/trials', PMS)).status).toBe(200);
    const foreign = await asWidget('GET', '/v1/trials', EVIL);
    expect(foreign.status).toBe(401);
    expect(foreign.body.error.message).toMatch(/origin/);
    expect((await asWidget('GET', '/v1/trials', null)).status).toBe(401);
  });

  it('limits a widget session to the portal endpoints', async () => {
    expect((await asWidget('GET', '/v1/webhook-endpoints', PMS)).status).toBe(403);
    expect((await asWidget('POST', '/v1/widget-sessions', PMS, { origin: PMS })).status).toBe(403);
    expect((await asWidget('GET', '/v1/admin/orders', PMS)).status).toBe(403);
    expect((await asWidget('GET', '/v1/licences', PMS)).status).toBe(200);
  });

  it('refuses expired, tampered and foreign-signed tokens', async () => {
    const minted = await h.call('POST', '/v1/widget-sessions', { key: reseller.key, body: { origin: PMS } });
    const short = minted.body.token as string;
    const [head, body, sig] = short.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(short), sub: 'res_other' })).toString('base64url');
    expect((await asWidget('GET', '/v1/trials', PMS, undefined, `${head}.${forged}.${sig}`)).status).toBe(401);
    const { privateKey } = generateKeyPairSync('ed25519');
    const own = await new SignJWT({ origin: PMS, scope: 'admin' })
      .setProtectedHeader({ alg: 'EdDSA', kid: decodeProtectedHeader(short).kid! })
      .setIssuer('http://resellerkit.test')
      .setAudience('resellerkit-widget')
      .setSubject('admin')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await asWidget('GET', '/v1/admin/orders', PMS, undefined, own)).status).toBe(401);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${body}.`;
    expect((await asWidget('GET', '/v1/trials', PMS, undefined, none)).status).toBe(401);
    h.clock.advance(10 * 60_000 + 1000);
    expect((await asWidget('GET', '/v1/trials', PMS, undefined, short)).status).toBe(401);
    h.clock.advance(-(10 * 60_000 + 1000));
  });

  it('gives the vendor an admin session for the review element, limited to the review', async () => {
    const licence = await h.licence('brf');
    const { orderId } = await submittedOrder(h, reseller, licence.id);
    const minted = await h.call('POST', '/v1/widget-sessions', { key: TEST_ADMIN_KEY, body: { origin: 'https://vendor.example' } });
    expect(minted.status).toBe(201);
    const admin = minted.body.token as string;
    const list = await asWidget('GET', '/v1/admin/orders?status=submitted', 'https://vendor.example', undefined, admin);
    expect(list.status).toBe(200);
    expect(list.body.data.map((o: { id: string }) => o.id)).toContain(orderId);
    const pdf = await h.call('GET', `/v1/orders/${orderId}/agreement`, { headers: { authorization: `Bearer ${admin}`, origin: 'https://vendor.example' } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await asWidget('POST', '/v1/admin/resellers', 'https://vendor.example', { name: 'x' }, admin)).status).toBe(403);
    const approved = await asWidget('POST', `/v1/admin/orders/${orderId}/approve`, 'https://vendor.example', {}, admin);
    expect(approved.status).toBe(200);
    // The reseller's own order list shows the decision.
    const mine = await asWidget('GET', `/v1/orders?trialId=${approved.body.order.trialId}`, PMS);
    expect(mine.body.data).toHaveLength(1);
    expect(mine.body.data[0].status).toBe('approved');
  });

  it('answers preflights from allowed origins with 204 and CORS headers, others without', async () => {
    const pre = await h.call('OPTIONS', '/v1/trials', { headers: { origin: PMS, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type,idempotency-key' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(PMS);
    for (const header of ['authorization', 'content-type', 'idempotency-key']) expect(pre.headers.get('access-control-allow-headers')).toContain(header);
    expect(pre.headers.get('access-control-allow-methods')).toContain('PATCH');
    const evil = await h.call('OPTIONS', '/v1/trials', { headers: { origin: EVIL, 'access-control-request-method': 'POST' } });
    expect(evil.status).toBe(204);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-methods')).toBeNull();
    // Errors are readable by the allowed page too (the widget shows the server's message).
    const unauth = await h.call('GET', '/v1/trials', { headers: { origin: PMS } });
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get('access-control-allow-origin')).toBe(PMS);
    expect((await h.call('GET', '/v1/trials', { headers: { origin: EVIL }, key: reseller.key })).headers.get('access-control-allow-origin')).toBeNull();
    // Successes and validation errors alike, with the exposed headers and the cache key.
    for (const res of [await h.call('GET', '/v1/trials', { headers: { origin: PMS }, key: reseller.key }), await h.call('POST', '/v1/trials', { headers: { origin: PMS }, key: reseller.key, body: { customerType: 'nope' } })]) {
      expect([res.status, res.headers.get('access-control-allow-origin')]).toEqual([res.status === 200 ? 200 : 400, PMS]);
      expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');
      expect(res.headers.get('vary')).toContain('Origin');
    }
  });
});

describe('the widget bundle and the demo start page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('sqlite', { env: { RESELLERKIT_ADMIN_KEY: DEMO_ADMIN_KEY, NODE_ENV: 'development' }, demo: true });
  });
  afterAll(() => h.close());

  it('serves /widget.js (through its redirect to the current version) with a sha256 ETag, caching headers and 304 on revalidation', async () => {
    const moving = await h.app.request('/widget.js');
    expect(moving.status).toBe(302);
    const current = moving.headers.get('location')!;
    expect(current).toMatch(/^\/widget\/\d+\.\d+\.\d+[^/]*\/widget\.js$/);
    const res = await h.app.request(current);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('etag')).toBe(`"${createHash('sha256').update(body).digest('hex')}"`);
    expect(res.headers.get('x-content-integrity')).toBe(`sha256-${createHash('sha256').update(body).digest('base64')}`);
    const again = await h.app.request(current, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('shows the demo page and mints demo sessions only once the demo reseller exists', async () => {
    expect(await (await h.app.request('/')).text()).not.toContain('<resellerkit-portal');
    expect((await h.call('POST', '/demo/widget-session', { headers: { origin: 'http://localhost:8787' } })).status).toBe(404);
    await seedDemo(h.services.ctx);
    const page = await (await h.app.request('/')).text();
    expect(page).toContain('Förvaltarportalen');
    expect(page).toContain('<resellerkit-portal');
    expect(page).toContain('<resellerkit-order-review');
    const reseller = await h.call('POST', '/demo/widget-session', { headers: { origin: 'http://localhost:8787' } });
    expect(reseller.status).toBe(201);
    expect(decodeJwt(reseller.body.token).scope).toBe('reseller');
    const admin = await h.call('POST', '/demo/widget-session?scope=admin', { headers: { origin: 'http://localhost:8787' } });
    expect(decodeJwt(admin.body.token).scope).toBe('admin');
    // Same-origin GETs carry no Origin header: Sec-Fetch-Site stands in for it.
    const sameOrigin = await h.app.request('http://localhost:8787/v1/trials', { headers: { authorization: `Bearer ${reseller.body.token}`, 'sec-fetch-site': 'same-origin' } });
    expect(sameOrigin.status).toBe(200);
    const crossSite = await h.app.request('http://localhost:8787/v1/trials', { headers: { authorization: `Bearer ${reseller.body.token}`, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.status).toBe(401);
  });

  it('never mints demo sessions in production', async () => {
    const prod = await createHarness('sqlite', { env: { RESELLERKIT_ADMIN_KEY: DEMO_ADMIN_KEY, NODE_ENV: 'production', RESELLERKIT_SECRET_KEY: TEST_SECRET_KEY }, demo: true });
    try {
      await seedDemo(prod.services.ctx);
      expect((await prod.call('POST', '/demo/widget-session', { headers: { origin: 'http://localhost:8787' } })).status).toBe(404);
      expect(await (await prod.app.request('/')).text()).not.toContain('<resellerkit-portal');
    } finally {
      await prod.close();
    }
  });
});


describe.each(testDialects)('widget sessions and the key that minted them (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  const widget = (app: Harness['app'], token: string) => app.request('/v1/trials', { headers: { authorization: `Bearer ${token}`, origin: PMS } });

  it('ends the sessions a key minted when the key is revoked, on this instance at once and on a fresh one from the store', async () => {
    h = await createHarness(dialect);
    const reseller = await h.reseller({ allowedOrigins: [PMS] });
    const second = await h.call('POST', `/v1/admin/resellers/${reseller.id}/api-keys`, { key: TEST_ADMIN_KEY, body: { name: 'second' } });
    const fromFirst = (await h.call('POST', '/v1/widget-sessions', { key: reseller.key, body: { origin: PMS } })).body.token;
    const fromSecond = (await h.call('POST', '/v1/widget-sessions', { key: second.body.key, body: { origin: PMS } })).body.token;
    expect(decodeJwt(fromFirst).key).toMatch(/^key_/);
    expect((await widget(h.app, fromFirst)).status).toBe(200);

    // Another instance on the same store, with caches of its own: it learns of the revocation from the store.
    const other = await openServices(h.config, { clock: h.clock });
    const otherApp = createApp({ ctx: other.ctx });
    const keys = await h.call('GET', `/v1/admin/resellers/${reseller.id}/api-keys`, { key: TEST_ADMIN_KEY });
    const firstId = keys.body.data.find((k: { name: string }) => k.name === 'test').id;
    expect((await h.call('DELETE', `/v1/admin/resellers/${reseller.id}/api-keys/${firstId}`, { key: TEST_ADMIN_KEY })).status).toBe(204);

    const ended = await widget(h.app, fromFirst);
    expect(ended.status).toBe(401);
    expect((await ended.json()).error.message).toMatch(/revoked/);
    expect((await widget(otherApp, fromFirst)).status).toBe(401);
    expect((await widget(h.app, fromSecond)).status).toBe(200);
    await other.store.destroy();
  });

  it('charges a session to the bucket of the key that minted it, not to a bucket of its own', async () => {
    h = await createHarness(dialect, { env: { RATE_LIMIT: '6' } });
    const reseller = await h.reseller({ allowedOrigins: [PMS] });
    const app = createApp({ ctx: h.services.ctx });
    const call = (key: string, path = '/v1/trials', init: RequestInit = {}) => app.request(path, { ...init, headers: { authorization: `Bearer ${key}`, origin: PMS, ...(init.body && { 'content-type': 'application/json' }) } });
    const mint = async () => (await (await call(reseller.key, '/v1/widget-sessions', { method: 'POST', body: JSON.stringify({ origin: PMS }) })).json()).token as string;
    const sessions = [await mint(), await mint()];
    const answers: number[] = [];
    for (const token of [...sessions, ...sessions]) answers.push((await call(token)).status);
    expect(answers).toEqual([200, 200, 200, 200]);
    // Six taken: two mints and four widget calls. Neither a session nor the key itself gets a seventh.
    const over = await call(sessions[0]!);
    expect(over.status).toBe(429);
    expect(over.headers.get('ratelimit-remaining')).toBe('0');
    expect((await call(sessions[1]!)).status).toBe(429);
    expect((await call(reseller.key)).status).toBe(429);
  });
});
