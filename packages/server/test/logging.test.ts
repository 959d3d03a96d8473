/** @module Structured logs of a real `resellerkit serve` process: one JSON access line per request, and no secret in any line. */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';
import { createTestStore, type TestStore } from '@resellerkit/dev-env/stores';

const ADMIN_KEY = 'rk_admin_logging_secret_5f1e2d3c4b';

describe('logs of a real server process', () => {
  let store: TestStore;
  let service: ServiceProcess;
  beforeAll(async () => {
    store = await createTestStore('sqlite');
    service = await spawnService('serve', { DATABASE_URL: store.url, RESELLERKIT_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'info', NODE_ENV: 'development' });
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await store?.drop();
  });

  it('writes one JSON line per request with its request id and credential, and never a secret', async () => {
    const call = async (method: string, path: string, key?: string, body?: unknown, requestId?: string) => {
      const res = await fetch(`${service.url}${path}`, {
        method,
        headers: { ...(key && { authorization: `Bearer ${key}` }), ...(body !== undefined && { 'content-type': 'application/json' }), ...(requestId && { 'x-request-id': requestId }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    };
    const reseller = await call('POST', '/v1/admin/resellers', ADMIN_KEY, { name: 'Logg AB', orgNumber: '556677-8899', contactEmail: 'p@logg.test', discountPercent: 20 });
    const apiKey = (await call('POST', `/v1/admin/resellers/${reseller.body.id}/api-keys`, ADMIN_KEY, { name: 'k' })).body.key as string;
    const org = await call('POST', '/v1/organizations', apiKey, { name: 'Brf Loggen' }, 'req-log-org');
    const trial = await call('POST', '/v1/trials', apiKey, { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'eva@loggen.test' }] });
    expect(trial.status).toBe(201);
    const hook = await call('POST', '/v1/webhook-endpoints', apiKey, { url: 'https://hooks.example.com/rk' });
    expect(hook.status).toBe(201);
    const webhookSecret = hook.body.secret as string;
    expect(webhookSecret).toMatch(/^whsec_/);

    // The invitation token as the queued e-mail carries it (its button's link, in the stored content); the landing page
    // gets it in the query string.
    const db = new Database(store.url, { readonly: true });
    const mail = db.prepare('select content from emails order by created_at').all() as { content: string }[];
    db.close();
    const token = /token=([\w-]+)/.exec(mail.map((m) => m.content).join('\n'))?.[1];
    expect(token).toBeTruthy();
    await fetch(`${service.url}/invitations/accept?token=${token}`);
    const password = 'Hemligt-lösenord-4711';
    const accepted = await call('POST', '/v1/invitations/accept', undefined, { token, password });
    expect(accepted.status).toBe(200);
    await call('POST', '/v1/login', undefined, { email: 'eva@loggen.test', password: 'fel-lösenord-123' });
    await call('GET', `/v1/organizations?api_key=${apiKey}`, 'rk_live_a_wrong_key_that_is_secret_too');

    await new Promise((r) => setTimeout(r, 200)); // let the last lines flush through the pipe
    const out = service.output();
    const lines = out.split('\n').filter((l) => l.startsWith('{'));
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requests.length).toBeGreaterThanOrEqual(9);
    for (const r of requests) expect(r).toMatchObject({ requestId: expect.any(String), method: expect.any(String), path: expect.any(String), status: expect.any(Number), durationMs: expect.any(Number) });
    expect(requests.find((r) => r.requestId === 'req-log-org')).toMatchObject({ method: 'POST', path: '/v1/organizations', status: 201, actorKind: 'reseller', credentialId: expect.stringMatching(/^key_/) });

    const secrets = { ADMIN_KEY, apiKey, token: token!, password, webhookSecret, wrongKey: 'rk_live_a_wrong_key_that_is_secret_too', session: JSON.stringify(accepted.body).match(/"(?:token|sessionToken)":"([^"]+)"/)?.[1] };
    expect(secrets.session).toMatch(/^us_/);
    for (const [name, secret] of Object.entries(secrets)) expect(out.includes(secret!), `${name} appears in the log`).toBe(false);
    expect(out).not.toMatch(/authorization/i);
  });
});
