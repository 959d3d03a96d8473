/** @module An in-process service on a throwaway store with a manual clock, plus helpers to drive it over `app.request`. */
import { createApp, loadConfig, ManualClock, openServices, queuedParts, type AppOptions, type Config, type Services } from '@resellerkit/server';
import { createTestStore, type TestDialect } from './stores.js';

export const TEST_ADMIN_KEY = 'rk_admin_test_key_0123456789';
/** A `RESELLERKIT_SECRET_KEY` for tests that need one (production configuration, sealing): 32 bytes in base64. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

/** A minimal valid PDF for agreement uploads. */
export const TEST_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export interface Harness {
  services: Services;
  clock: ManualClock;
  config: Config;
  app: ReturnType<typeof createApp>;
  /** JSON request; `key` is the bearer credential. Returns status, parsed body and headers. */
  call<T = any>(method: string, path: string, opts?: { key?: string; body?: unknown; headers?: Record<string, string>; raw?: BodyInit }): Promise<{ status: number; body: T; headers: Headers }>;
  /** A reseller with an API key (and optional licence discount), ready to use. */
  reseller(opts?: { discountPercent?: number; name?: string; allowedOrigins?: string[] }): Promise<{ id: string; key: string }>;
  licence(customerType?: string, amount?: number): Promise<{ id: string }>;
  close(): Promise<void>;
}

export async function createHarness(dialect: TestDialect, opts: { env?: Record<string, string>; clockStart?: string; extend?: AppOptions['extend']; resolvers?: AppOptions['resolvers']; demo?: boolean } = {}): Promise<Harness> {
  const store = await createTestStore(dialect);
  // The vendor the tests' e-mails are branded for, as an operator would configure it.
  const config = loadConfig({ DATABASE_URL: store.url, RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY, NODE_ENV: 'test', PUBLIC_URL: 'http://resellerkit.test', VENDOR_NAME: 'Planima', ...opts.env });
  const clock = new ManualClock(opts.clockStart ?? '2026-01-15T09:00:00.000Z');
  const services = await openServices(config, { clock, poolSize: 5 });
  const app = createApp({ ctx: services.ctx, extend: opts.extend, resolvers: opts.resolvers, demo: opts.demo, logError: (e) => console.error(e) });

  const call: Harness['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.key ? { authorization: `Bearer ${o.key}` } : {}), ...o.headers };
    let body: BodyInit | undefined = o.raw;
    if (o.body !== undefined) {
      body = JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };

  let n = 0;
  const reseller: Harness['reseller'] = async (r = {}) => {
    n++;
    const created = await call('POST', '/v1/admin/resellers', {
      key: TEST_ADMIN_KEY,
      body: { name: r.name ?? `Reseller ${n}`, orgNumber: '556677-8899', contactEmail: `partner${n}@reseller.test`, discountPercent: r.discountPercent ?? 20, allowedOrigins: r.allowedOrigins ?? [] },
    });
    if (created.status !== 201) throw new Error(`reseller: ${JSON.stringify(created.body)}`);
    const key = await call('POST', `/v1/admin/resellers/${created.body.id}/api-keys`, { key: TEST_ADMIN_KEY, body: { name: 'test' } });
    return { id: created.body.id, key: key.body.key };
  };
  const licence: Harness['licence'] = async (customerType = 'brf', amount = 1_200_000) => {
    const res = await call('POST', '/v1/admin/licences', { key: TEST_ADMIN_KEY, body: { name: `Licence ${customerType}`, customerType, annualPrice: { amount, currency: 'SEK' } } });
    if (res.status !== 201) throw new Error(`licence: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  return {
    services,
    clock,
    config,
    app,
    call,
    reseller,
    licence,
    async close() {
      services.ctx.planFiles.close();
      await services.store.destroy();
      await store.drop();
    },
  };
}

/** Drives a reseller from organization to submitted order; returns every id on the way. */
export async function submittedOrder(h: Harness, r: { key: string }, licenceId: string, orgName = 'Brf Solrosen') {
  const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: orgName } });
  const trial = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'styrelsen@solrosen.test' }] } });
  const order = await h.call('POST', `/v1/trials/${trial.body.id}/orders`, {
    key: r.key,
    body: { licenceId, invoicing: { name: orgName, orgNumber: '769600-1234', email: 'faktura@solrosen.test' }, signer: { name: 'Eva Ek', email: 'eva@solrosen.test' } },
  });
  await h.call('PUT', `/v1/orders/${order.body.id}/agreement`, { key: r.key, raw: TEST_PDF, headers: { 'content-type': 'application/pdf' } });
  const submitted = await h.call('POST', `/v1/orders/${order.body.id}/submit`, { key: r.key });
  if (submitted.status !== 200) throw new Error(`submit: ${JSON.stringify(submitted.body)}`);
  return { organizationId: org.body.id as string, trialId: trial.body.id as string, orderId: order.body.id as string };
}

/** Invitation tokens are stored hashed, so the test reads the link from the queued e-mail like a customer would. */
export async function latestInvitationToken(h: Harness, to: string): Promise<string> {
  const mail = await h.services.ctx.db.selectFrom('emails').selectAll().where('to_address', '=', to).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const match = /token=([\w%-]+)/.exec(queuedParts(mail, h.services.ctx.branding).text);
  if (!match) throw new Error('no invitation link');
  return decodeURIComponent(match[1]!);
}
