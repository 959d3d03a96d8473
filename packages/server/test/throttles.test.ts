/**
 * @module Throttles over real HTTP, from distinct client addresses (127.0.0.x): no one is locked out by others'
 * failures, password guesses are reserved before they are checked, the public endpoints have a rate limit, and behind
 * a real nginx the client's address comes from X-Forwarded-For as TRUST_PROXY says.
 */
import { Hono } from 'hono';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { queuedParts } from '../src/mail/outbox.js';
import { clientAddress } from '../src/http/rate-limit.js';
import { startServer, type RunningServer } from '../src/app/server.js';
import { TEST_ADMIN_KEY } from '@resellerkit/dev-env/harness';
import { startNginx, type Proxy } from '@resellerkit/dev-env/nginx';
import { createTestStore } from '@resellerkit/dev-env/stores';

interface Answer {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

/** One request from the client address `from` (any of 127/8 is this machine). */
function send(base: string, from: string, method: string, path: string, opts: { key?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers = { ...(opts.key && { authorization: `Bearer ${opts.key}` }), ...(body !== undefined && { 'content-type': 'application/json' }), ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers, localAddress: from }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function start(env: Record<string, string>, clock?: ManualClock): Promise<{ server: RunningServer; drop: () => Promise<void> }> {
  const store = await createTestStore('sqlite');
  const config = loadConfig({ DATABASE_URL: store.url, PORT: '0', RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'silent', NODE_ENV: 'test', ...env });
  return { server: await startServer({ config, workers: false, clock }), drop: store.drop };
}

/** A reseller key and customer users with passwords, made from `from`. */
async function seed(server: RunningServer, from: string, emails: string[]) {
  const base = server.url;
  const reseller = await send(base, from, 'POST', '/v1/admin/resellers', { key: TEST_ADMIN_KEY, body: { name: 'Gissning AB', orgNumber: '556677-8899', contactEmail: 'p@gissning.test', discountPercent: 10 } });
  const key = (await send(base, from, 'POST', `/v1/admin/resellers/${reseller.body.id}/api-keys`, { key: TEST_ADMIN_KEY, body: { name: 'k' } })).body.key as string;
  const org = await send(base, from, 'POST', '/v1/organizations', { key, body: { name: 'Brf Gissning' } });
  await send(base, from, 'POST', '/v1/trials', { key, body: { organizationId: org.body.id, customerType: 'brf', users: emails.map((email) => ({ email })) } });
  const sessions: Record<string, string> = {};
  for (const email of emails) {
    const mail = await server.services.ctx.db.selectFrom('emails').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();
    const token = decodeURIComponent(/token=([\w%-]+)/.exec(queuedParts(mail, server.services.ctx.branding).text)![1]!);
    const accepted = await send(base, from, 'POST', '/v1/invitations/accept', { body: { token, password: 'rätt lösenord 123' } });
    expect(accepted.status).toBe(200);
    sessions[email] = accepted.body.session.token;
  }
  return { key, sessions, resellerId: reseller.body.id as string };
}

const login = (base: string, from: string, email: string, password: string) => send(base, from, 'POST', '/v1/login', { body: { email, password } });
const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort();

describe('failed authentication and password guessing, over real HTTP', () => {
  let server: RunningServer;
  let drop: () => Promise<void>;
  let key: string;
  let sessions: Record<string, string>;
  let resellerId: string;
  const clock = new ManualClock('2026-03-02T09:00:00.000Z');
  beforeAll(async () => {
    ({ server, drop } = await start({ AUTH_FAILURE_LIMIT: '8', LOGIN_ATTEMPT_LIMIT: '3' }, clock));
    ({ key, sessions, resellerId } = await seed(server, '127.0.0.2', ['eva@gissning.test', 'olle@gissning.test', 'siv@gissning.test']));
  });
  afterAll(async () => {
    await server?.close();
    await drop?.();
  });

  it('never counts a request that carries no credential: anonymous traffic locks nobody out', async () => {
    for (let i = 0; i < 30; i++) expect((await send(server.url, '127.0.0.3', 'GET', '/v1/trials')).status).toBe(401);
    expect((await send(server.url, '127.0.0.3', 'GET', '/v1/trials', { key })).status).toBe(200);
    expect((await send(server.url, '127.0.0.3', 'GET', '/v1/admin/resellers', { key: TEST_ADMIN_KEY })).status).toBe(200);
  });

  it('counts refused credentials per address, and still serves a valid one from that address', async () => {
    const from = '127.0.0.4';
    for (let i = 0; i < 8; i++) expect((await send(server.url, from, 'GET', '/v1/trials', { key: `rk_live_guess${i}` })).status).toBe(401);
    const throttled = await send(server.url, from, 'GET', '/v1/trials', { key: 'rk_live_guess9' });
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.type).toBe('rate_limited');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // A refused user session counts the same way.
    expect((await send(server.url, from, 'GET', '/v1/me', { key: 'us_not_a_session' })).status).toBe(429);
    // Valid credentials from the same (shared) address: the reseller key, the admin key, a user session.
    expect((await send(server.url, from, 'GET', '/v1/trials', { key })).status).toBe(200);
    expect((await send(server.url, from, 'GET', '/v1/admin/resellers', { key: TEST_ADMIN_KEY })).status).toBe(200);
    expect((await send(server.url, from, 'GET', '/v1/me', { key: sessions['eva@gissning.test'] })).status).toBe(200);
  });

  it('does not count a genuine widget session that expired or is used from another origin (no guess)', async () => {
    const from = '127.0.0.11';
    const PMS = 'https://pms.example';
    await send(server.url, from, 'PATCH', `/v1/admin/resellers/${resellerId}`, { key: TEST_ADMIN_KEY, body: { allowedOrigins: [PMS] } });
    const minted = await send(server.url, from, 'POST', '/v1/widget-sessions', { key, body: { origin: PMS } });
    const asWidget = (origin: string) => send(server.url, from, 'GET', '/v1/trials', { key: minted.body.token, headers: { origin } });
    for (let i = 0; i < 10; i++) expect((await asWidget('https://elsewhere.example')).status).toBe(401);
    clock.advance(11 * 60_000);
    for (let i = 0; i < 10; i++) expect((await asWidget(PMS)).status).toBe(401);
    // The address's failure budget is untouched: a forged token is counted.
    const [head, payload] = minted.body.token.split('.');
    for (let i = 0; i < 8; i++) expect((await send(server.url, from, 'GET', '/v1/trials', { key: `${head}.${payload}.forged${i}`, headers: { origin: PMS } })).status).toBe(401);
    expect((await send(server.url, from, 'GET', '/v1/trials', { key: `${head}.${payload}.forged`, headers: { origin: PMS } })).status).toBe(429);
  });

  it('reserves each password attempt before checking it: of 20 parallel guesses only the limit reach the password', async () => {
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => login(server.url, '127.0.0.5', 'eva@gissning.test', `gissning ${i}`)));
    expect(statuses(guesses)).toEqual([...Array(3).fill(401), ...Array(17).fill(429)]);
    // Another account from the same address has its own attempts, until the address's failure budget (8) is spent.
    const other = [];
    for (let i = 0; i < 6; i++) other.push(await login(server.url, '127.0.0.5', 'olle@gissning.test', `gissning ${i}`));
    expect(statuses(other)).toEqual([401, 401, 401, 429, 429, 429]);
    const third = [];
    for (let i = 0; i < 3; i++) third.push(await login(server.url, '127.0.0.5', 'siv@gissning.test', `gissning ${i}`));
    expect(statuses(third)).toEqual([401, 401, 429]);
    // The account is not locked for its user elsewhere: someone else's guesses never refuse the right password.
    const right = await login(server.url, '127.0.0.6', 'eva@gissning.test', 'rätt lösenord 123');
    expect(right.status).toBe(200);
    expect(right.body.session.token).toMatch(/^us_/);
  });

  it('gives a successful login its reservation back', async () => {
    const from = '127.0.0.7';
    expect((await login(server.url, from, 'siv@gissning.test', 'fel 1')).status).toBe(401);
    expect((await login(server.url, from, 'siv@gissning.test', 'fel 2')).status).toBe(401);
    expect((await login(server.url, from, 'siv@gissning.test', 'rätt lösenord 123')).status).toBe(200);
    expect((await login(server.url, from, 'siv@gissning.test', 'fel 3')).status).toBe(401);
    expect((await login(server.url, from, 'siv@gissning.test', 'fel 4')).status).toBe(429);
  });
});

describe('rate limits of the public endpoints, over real HTTP', () => {
  let server: RunningServer;
  let drop: () => Promise<void>;
  let sessions: Record<string, string>;
  beforeAll(async () => {
    ({ server, drop } = await start({ RATE_LIMIT: '4', AUTH_FAILURE_LIMIT: '0', LOGIN_ATTEMPT_LIMIT: '0' }));
    ({ sessions } = await seed(server, '127.0.0.2', ['eva@gissning.test']));
  });
  afterAll(async () => {
    await server?.close();
    await drop?.();
  });

  it('limits /v1/login per client address', async () => {
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await login(server.url, '127.0.0.8', `nobody${i}@gissning.test`, 'gissning'));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 429]);
    expect(answers[0]!.headers['ratelimit-limit']).toBe('4');
    expect(Number(answers[4]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await login(server.url, '127.0.0.9', 'eva@gissning.test', 'rätt lösenord 123')).status).toBe(200);
  });

  it('limits /v1/me and /v1/me/plan per user session', async () => {
    const token = sessions['eva@gissning.test']!;
    const answers = [];
    for (const path of ['/v1/me', '/v1/me/plan', '/v1/me', '/v1/me/plan', '/v1/me']) answers.push(await send(server.url, '127.0.0.10', 'GET', path, { key: token }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 429]);
    expect(answers[3]!.headers['ratelimit-remaining']).toBe('0');
  });
});

describe('the client address', () => {
  const app = new Hono();
  app.get('/:hops', (c) => c.text(String(clientAddress(c, Number(c.req.param('hops'))))));
  const from = async (hops: number, forwarded?: string) => {
    const res = await app.request(`/${hops}`, { headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }, { incoming: { socket: { remoteAddress: '10.0.0.9' } } });
    return res.text();
  };

  it('is the socket peer unless TRUST_PROXY names hops, then the hops-th X-Forwarded-For entry from the right', async () => {
    expect(await from(0, '1.1.1.1, 2.2.2.2')).toBe('10.0.0.9');
    expect(await from(1, 'forged, 1.1.1.1, 2.2.2.2')).toBe('2.2.2.2');
    expect(await from(2, 'forged, 1.1.1.1, 2.2.2.2')).toBe('1.1.1.1');
    // Fewer entries than proxies: the leftmost, as every entry came through a trusted proxy; none at all: the peer.
    expect(await from(3, '1.1.1.1, 2.2.2.2')).toBe('1.1.1.1');
    expect(await from(1)).toBe('10.0.0.9');
  });
});

describe('the client address behind a real nginx (TRUST_PROXY)', () => {
  let server: RunningServer;
  let drop: () => Promise<void>;
  let proxy: Proxy;
  beforeAll(async () => {
    ({ server, drop } = await start({ TRUST_PROXY: '1', AUTH_FAILURE_LIMIT: '2' }));
    proxy = await startNginx(server.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    await drop?.();
  });

  it('counts failures per real client, whatever X-Forwarded-For the client sends itself', async () => {
    const guess = (from: string, forged: string) => send(proxy.url, from, 'GET', '/v1/trials', { key: 'rk_live_guess', headers: { 'x-forwarded-for': forged } });
    // Each guess claims another address; nginx appends the real one, which is what counts.
    expect((await guess('127.0.0.2', '203.0.113.1')).status).toBe(401);
    expect((await guess('127.0.0.2', '203.0.113.2')).status).toBe(401);
    expect((await guess('127.0.0.2', '203.0.113.3')).status).toBe(429);
    // Another client behind the same proxy is not throttled for them.
    expect((await guess('127.0.0.3', '203.0.113.3')).status).toBe(401);
  });
});
