/**
 * @module The example reseller backend, run with `npm start` as a real process against a real resellerkit service:
 * it mints widget sessions the service accepts, refuses forged webhooks, and mirrors a trial's conversion into a customer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ResellerKit, signWebhook } from '@resellerkit/sdk';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../packages/server/src/config.js';
import { startServer, type RunningServer } from '../../../packages/server/src/app/server.js';
import { createTestStore, testDialects, type TestStore } from '@resellerkit/dev-env/stores';
import type { MirrorRow } from '../src/mirror.js';
import { freePort } from '@resellerkit/dev-env/processes';

const EXAMPLE_DIR = fileURLToPath(new URL('..', import.meta.url));
const ADMIN_KEY = 'rk_admin_example_test_0123456789';
const PAGE_ORIGIN = 'http://localhost:3000';
const PDF = new TextEncoder().encode('%PDF-1.4\n% signed end-customer agreement\n%%EOF\n');

/** `npm start` in the example's folder, in its own process group so stopping it stops tsx under npm too. */
async function startExample(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn('npm', ['start'], { cwd: EXAMPLE_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`example did not start:\n${out}`)), 30_000);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`example exited early:\n${out}`));
    });
  });
  return { child, url, output: () => out };
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid!, 'SIGTERM');
  return exited;
}

/** Polls until `check` returns a value, within a bound; the bound only stops a broken run from hanging. */
async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, boundMs = 20_000): Promise<T> {
  const until = Date.now() + boundMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(testDialects)('examples/reseller-backend against the real service on %s', (dialect) => {
  let dir: string;
  let store: TestStore;
  let service: RunningServer;
  let example: Awaited<ReturnType<typeof startExample>>;
  let admin: ResellerKit;
  let rk: ResellerKit;
  let secret: string;
  let mirrorPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rk-example-backend-'));
    store = await createTestStore(dialect);
    service = await startServer({
      config: loadConfig({ PORT: '0', DATABASE_URL: store.url, RESELLERKIT_ADMIN_KEY: ADMIN_KEY, WEBHOOK_ALLOW_PRIVATE: 'true', LOG_LEVEL: 'warn', NODE_ENV: 'test' }),
      workerIntervalMs: 100,
    });
    admin = new ResellerKit({ apiKey: ADMIN_KEY, baseUrl: service.url });
    const reseller = await admin.admin.resellers.create({
      name: 'Förvaltarna i Väst AB',
      orgNumber: '556677-8899',
      contactEmail: 'partner@vast.example',
      discountPercent: 20,
      allowedOrigins: [PAGE_ORIGIN],
    });
    const { key } = await admin.admin.resellers.createApiKey(reseller.id, { name: 'example backend' });
    rk = new ResellerKit({ apiKey: key, baseUrl: service.url });

    const port = await freePort();
    const endpoint = await rk.webhookEndpoints.create({ url: `http://127.0.0.1:${port}/webhooks`, description: 'example backend' });
    secret = endpoint.secret;
    mirrorPath = join(dir, 'mirror.db');
    example = await startExample({
      RESELLERKIT_URL: service.url,
      RESELLERKIT_API_KEY: key,
      WEBHOOK_SECRET: secret,
      PORT: String(port),
      PAGE_ORIGIN,
      DATABASE_PATH: mirrorPath,
    });
  }, 90_000);

  afterAll(async () => {
    if (example) await stopGroup(example.child);
    await service?.close();
    await store?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  function mirrored(): MirrorRow[] {
    const db = new Database(mirrorPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('select * from accounts').all() as MirrorRow[];
    } finally {
      db.close();
    }
  }

  it('mints a widget session for its page that the service accepts from that origin only', async () => {
    const res = await fetch(`${example.url}/session`, { method: 'POST', headers: { origin: PAGE_ORIGIN } });
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe(PAGE_ORIGIN);
    const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());

    const fromPage = await fetch(`${service.url}/v1/trials`, { headers: { authorization: `Bearer ${token}`, origin: PAGE_ORIGIN } });
    expect(fromPage.status).toBe(200);
    const elsewhere = await fetch(`${service.url}/v1/trials`, { headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' } });
    expect(elsewhere.status).toBeGreaterThanOrEqual(401);

    const foreign = await fetch(`${example.url}/session`, { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
  });

  it('refuses a webhook whose signature does not match its raw body, and writes nothing', async () => {
    const body = JSON.stringify({ type: 'trial.created', timestamp: new Date().toISOString(), data: { id: 'trial_forged', status: 'active' } });
    const headers = await signWebhook({ id: 'msg_forged', body, secret });
    const tampered = await fetch(`${example.url}/webhooks`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: body.replace('active', 'converted') });
    expect(tampered.status).toBe(400);
    const unsigned = await fetch(`${example.url}/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(400);
    expect(mirrored().find((r) => r.trial_id === 'trial_forged')).toBeUndefined();
  });

  it('applies a redelivery once and never lets an older state overwrite a newer one', async () => {
    const send = async (id: string, event: object) => {
      const body = JSON.stringify(event);
      const headers = await signWebhook({ id, body, secret });
      return (await fetch(`${example.url}/webhooks`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })).status;
    };
    const expired = { type: 'trial.expired', timestamp: '2026-03-01T00:00:00.000Z', data: { id: 'trial_out_of_order', organizationId: 'org_x', status: 'expired' } };
    const created = { type: 'trial.created', timestamp: '2026-01-01T00:00:00.000Z', data: { id: 'trial_out_of_order', organizationId: 'org_x', status: 'active' } };
    expect(await send('msg_expired', expired)).toBe(204);
    expect(await send('msg_created_late', created)).toBe(204);
    expect(await send('msg_expired', expired)).toBe(204);
    expect(mirrored().find((r) => r.trial_id === 'trial_out_of_order')).toMatchObject({ trial_status: 'expired', trial_updated_at: expired.timestamp });
    const db = new Database(mirrorPath, { readonly: true });
    try {
      expect(db.prepare("select count(*) as n from processed_webhooks where id like 'msg_%'").get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });

  it('mirrors a trial, then its conversion and the customer, from the service’s signed deliveries', async () => {
    const licence = await admin.admin.licences.create({ name: 'Planima Bostadsrätt', customerType: 'brf', annualPrice: { amount: 1_200_000, currency: 'SEK' } });
    const org = await rk.organizations.create({ name: 'Brf Solrosen', orgNumber: '769600-1234' });
    const trial = await rk.trials.create({ organizationId: org.id, customerType: 'brf', users: [{ email: 'ordforande@solrosen.example' }] });

    const active = await eventually(() => mirrored().find((r) => r.trial_id === trial.id), 'the trial in the mirror');
    expect(active).toMatchObject({ organization_id: org.id, trial_status: 'active', customer_id: null });

    const order = await rk.orders.create(trial.id, {
      licenceId: licence.id,
      invoicing: { name: 'Brf Solrosen', orgNumber: '769600-1234', email: 'faktura@solrosen.example' },
      signer: { name: 'Eva Ek', email: 'eva@solrosen.example' },
    });
    await rk.orders.attachAgreement(order.id, PDF);
    await rk.orders.submit(order.id);
    await admin.admin.orders.approve(order.id);

    const [listed] = (await rk.customers.list()).data;
    expect(listed?.trialId).toBe(trial.id);
    const row = await eventually(() => mirrored().find((r) => r.trial_id === trial.id && r.customer_id !== null && r.trial_status === 'converted'), 'the converted trial and its customer in the mirror');
    expect(row).toMatchObject({ trial_status: 'converted', customer_id: listed!.id, customer_status: 'active', organization_name: 'Brf Solrosen' });
    expect(row.renews_at).toBe(listed!.renewsAt);

    // Every delivery to the example was answered 2xx the first time: nothing failed or waits for a retry.
    const [endpoint] = (await rk.webhookEndpoints.list()).data;
    const deliveries = await eventually(async () => {
      const all = (await rk.webhookEndpoints.deliveries(endpoint!.id, { limit: 100 })).data;
      return all.some((d) => d.status === 'pending') ? undefined : all;
    }, 'every delivery settled');
    expect(deliveries.map((d) => d.eventType)).toEqual(expect.arrayContaining(['trial.created', 'order.approved', 'customer.created']));
    expect(deliveries.filter((d) => d.status !== 'succeeded' || d.attempts !== 1)).toEqual([]);
  });
});
