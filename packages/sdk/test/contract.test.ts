/**
 * Drives the real service over HTTP on 127.0.0.1 through the SDK only: the whole reseller lifecycle,
 * the error classes the server's failures become, idempotent retries and a real signed webhook.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { startServer, type RunningServer } from '../../server/src/app/server.js';
import { readSie } from '../../server/src/modules/revenue/statements/sie-read.js';
import { TEST_ADMIN_KEY, TEST_PDF } from '@resellerkit/dev-env/harness';
import { createTestStore, testDialects } from '@resellerkit/dev-env/stores';
import {
  BadRequestError,
  ConflictError,
  NotFoundError,
  ResellerKit,
  type Customer,
  type Licence,
  type Order,
  type Trial,
  type WebhookEvent,
} from '../src/index.js';

interface Received {
  body: string;
  headers: IncomingHttpHeaders;
}

/** A webhook receiver on a free port that keeps every raw body, as a reseller backend must. */
async function startReceiver(): Promise<{ url: string; received: Received[]; next(): Promise<Received>; close(): Promise<void> }> {
  const received: Received[] = [];
  const waiters: ((r: Received) => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { body: Buffer.concat(chunks).toString('utf8'), headers: req.headers };
      received.push(r);
      waiters.shift()?.(r);
      res.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/resellerkit`,
    received,
    next: () => new Promise((resolve) => waiters.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const invoicing = { name: 'BRF Solrosen', orgNumber: '769600-1234', email: 'faktura@solrosen.test', reference: 'Styrelsen' };
const signer = { name: 'Anna Ordförande', email: 'anna@solrosen.test' };

describe.each(testDialects)('SDK against the real service (%s)', (dialect) => {
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let drop: () => Promise<void>;
  let admin: ResellerKit;
  let rk: ResellerKit;
  let resellerKey: string;
  let resellerId: string;
  let other: ResellerKit;
  let licence: Licence;

  beforeAll(async () => {
    const store = await createTestStore(dialect);
    drop = store.drop;
    const config = loadConfig({
      DATABASE_URL: store.url,
      PORT: '0',
      RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    server = await startServer({ config, workerIntervalMs: 100 });
    receiver = await startReceiver();
    admin = new ResellerKit({ apiKey: TEST_ADMIN_KEY, baseUrl: server.url });

    const reseller = await admin.admin.resellers.create({
      name: 'Fastighetssystem AB',
      orgNumber: '556677-8899',
      contactEmail: 'partner@pms.test',
      discountPercent: 20,
      allowedOrigins: ['https://pms.example'],
    });
    const key = await admin.admin.resellers.createApiKey(reseller.id, { name: 'integration' });
    expect(key.key).toMatch(/^rk_/);
    resellerKey = key.key;
    resellerId = reseller.id;
    rk = new ResellerKit({ apiKey: resellerKey, baseUrl: server.url });

    const second = await admin.admin.resellers.create({ name: 'Annan partner AB', orgNumber: '5566778800', contactEmail: 'other@pms.test', discountPercent: 10 });
    other = new ResellerKit({ apiKey: (await admin.admin.resellers.createApiKey(second.id, { name: 'x' })).key, baseUrl: server.url });

    licence = await admin.admin.licences.create({ name: 'Underhållsplan BRF', customerType: 'brf', annualPrice: { amount: 1_200_000, currency: 'SEK' } });
  }, 60_000);

  afterAll(async () => {
    await receiver?.close();
    await server?.close();
    await drop?.();
  });

  it('runs a trial to a paying customer, with revenue, events and a verified webhook', async () => {
    const endpoint = await rk.webhookEndpoints.create({ url: receiver.url, enabledEvents: ['order.approved'] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const delivered = receiver.next();

    const org = await rk.organizations.create({ name: 'BRF Solrosen', orgNumber: '769600-1234' });
    const plan = await rk.organizations.plan.replace(org.id, {
      actions: [{ property: 'Solrosen 1', building: 'Hus A', category: 'Fasad', location: 'Norra fasaden', action: 'Omfogning', year: 2027, quantity: 12.5, unit: 'm2', unitPrice: 123_450 }],
    });
    expect(plan.totals.cost).toBe(1_543_125);

    const trial: Trial = await rk.trials.create({
      organizationId: org.id,
      customerType: 'brf',
      users: [{ email: 'anna@solrosen.test' }, { email: 'bo@solrosen.test', role: 'reader' }],
    });
    expect(trial).toMatchObject({ status: 'active', organizationName: 'BRF Solrosen', customerType: 'brf' });
    expect(trial.users.map((u) => [u.email, u.role])).toEqual([['anna@solrosen.test', 'editor'], ['bo@solrosen.test', 'reader']]);

    const added = await rk.trials.users.add(trial.id, { email: 'cecilia@solrosen.test' });
    expect((await rk.trials.retrieve(trial.id)).users).toHaveLength(3);
    await rk.trials.users.remove(trial.id, added.id);
    expect((await rk.trials.retrieve(trial.id)).users.map((u) => u.email)).not.toContain('cecilia@solrosen.test');

    // Two more trials, then every one of them across pages of one.
    for (const name of ['BRF Vallmon', 'BRF Linnean']) {
      const o = await rk.organizations.create({ name });
      await rk.trials.create({ organizationId: o.id, customerType: 'brf', users: [{ email: `styrelsen@${name.slice(4).toLowerCase()}.test` }] });
    }
    const listed: string[] = [];
    for await (const t of rk.trials.list({ limit: 1 })) listed.push(t.organizationName);
    expect(listed.sort()).toEqual(['BRF Linnean', 'BRF Solrosen', 'BRF Vallmon']);
    const firstPage = await rk.trials.list({ limit: 2 });
    expect(firstPage.data).toHaveLength(2);
    expect(firstPage.hasNextPage()).toBe(true);
    expect((await firstPage.getNextPage()).data).toHaveLength(1);

    const offered = (await rk.licences.list()).data.find((l) => l.id === licence.id)!;
    expect(offered).toMatchObject({ discountPercent: 20, resellerMargin: { amount: 240_000, currency: 'SEK' }, vendorAmount: { amount: 960_000 } });

    const draft: Order = await rk.orders.create(trial.id, { licenceId: licence.id, invoicing, signer });
    expect(draft).toMatchObject({ status: 'draft', agreement: null, invoicing });
    // The generated agreement and the signing link, before the reseller settles for an upload.
    const draftPdf = new Uint8Array(await rk.orders.agreementDraft(draft.id));
    expect(new TextDecoder().decode(draftPdf.subarray(0, 5))).toBe('%PDF-');
    const request = await rk.orders.requestSignature(draft.id, { autoSubmit: false });
    expect(request).toMatchObject({ status: 'sent', signerEmail: signer.email, autoSubmit: false });
    await expect(other.orders.requestSignature(draft.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await rk.orders.retrieveSignatureRequest(draft.id)).toEqual(request);
    await rk.orders.cancelSignatureRequest(draft.id);
    expect((await rk.orders.retrieveSignatureRequest(draft.id)).status).toBe('expired');
    await expect(rk.orders.cancelSignatureRequest(draft.id)).rejects.toBeInstanceOf(NotFoundError);
    const withPdf = await rk.orders.attachAgreement(draft.id, new Uint8Array(TEST_PDF));
    expect(withPdf.agreement).toMatchObject({ size: TEST_PDF.length });
    expect(new Uint8Array(await rk.orders.retrieveAgreement(draft.id))).toEqual(new Uint8Array(TEST_PDF));
    expect((await rk.orders.submit(draft.id)).status).toBe('submitted');

    const queue: Order[] = [];
    for await (const o of admin.admin.orders.list({ status: 'submitted' })) queue.push(o);
    expect(queue.map((o) => o.id)).toEqual([draft.id]);
    const approval = await admin.admin.orders.approve(draft.id);
    expect(approval.order.status).toBe('approved');

    const customers: Customer[] = [];
    for await (const c of rk.customers.list()) customers.push(c);
    expect(customers).toEqual([approval.customer]);
    expect(customers[0]).toMatchObject({ organizationId: org.id, trialId: trial.id, licenceId: licence.id, status: 'active', licenceYear: 1 });
    expect(await rk.customers.retrieve(approval.customer.id)).toEqual(approval.customer);
    expect((await rk.trials.retrieve(trial.id)).status).toBe('converted');

    const revenue = await rk.revenue.retrieve({ groupBy: 'year' });
    expect(revenue).toMatchObject({ currency: 'SEK', groupBy: 'year', totals: { listPrice: 1_200_000, resellerMargin: 240_000, vendorAmount: 960_000 } });

    // The licence year renews a year on: the 13th month of the forecast, at today's price.
    const forecast = await rk.revenue.forecast({ months: 13 });
    expect(forecast.months).toHaveLength(13);
    expect(forecast.months[12]!.renewals).toEqual({ listPrice: 1_200_000, resellerMargin: 240_000, vendorAmount: 960_000 });
    expect((await admin.admin.revenue.forecast({ months: 13, resellerId })).months).toEqual(forecast.months);
    const year = approval.customer.createdAt.slice(0, 4);
    const statement = await rk.revenue.statement(year);
    expect(statement.rows.map((r) => [r.customerId, r.kind, r.listPrice])).toEqual([[approval.customer.id, 'sale', 1_200_000]]);
    const csv: string = await rk.revenue.statement(year, { format: 'csv' });
    expect(csv.startsWith('\uFEFFDatum;Typ;Kund;')).toBe(true);
    expect(csv).toContain(';12000,00;2400,00;9600,00;SEK;');
    const sie: ArrayBuffer = await rk.revenue.statement(year, { format: 'sie' });
    const verifications = readSie(new Uint8Array(sie)).verifications;
    expect(verifications.map((v) => v.transactions.reduce((sum, t) => sum + t.amount, 0))).toEqual([0]);
    const vendorSie = readSie(new Uint8Array(await admin.admin.revenue.statement(year, { resellerId, format: 'sie' })));
    expect(vendorSie.verifications[0]!.transactions).toEqual([
      { account: '1510', amount: 960_000 },
      { account: '3041', amount: -960_000 },
    ]);

    // The event feed pages by `after`: every event once, in order, across pages of two.
    const events: { id: string; type: string }[] = [];
    for await (const e of rk.events.list({ limit: 2 })) {
      events.push(e);
      if (events.length > 500) break; // a cursor the server ignores would repeat page one forever
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['trial.created', 'trial.user_added', 'trial.user_removed', 'order.submitted', 'order.approved', 'customer.created', 'revenue.recorded']));
    const approved = events.find((e) => e.type === 'order.approved')!;
    const feed = await rk.events.list({ type: 'order.approved' });
    expect(feed.data.map((e) => e.id)).toEqual([approved.id]);

    // The worker delivers the approval, signed; the SDK and the reference library both verify the raw body.
    const { body, headers } = await delivered;
    const event: WebhookEvent = await rk.webhooks.verify(body, headers as Record<string, string>, endpoint.secret);
    expect(event.type).toBe('order.approved');
    if (event.type === 'order.approved') expect(event.data).toMatchObject({ id: draft.id, status: 'approved' });
    expect(new Webhook(endpoint.secret).verify(body, headers as Record<string, string>)).toMatchObject({ type: 'order.approved' });
    const deliveries = await rk.webhookEndpoints.deliveries(endpoint.id);
    expect(deliveries.data[0]).toMatchObject({ eventType: 'order.approved', eventId: approved.id });

    const session = await rk.widgetSessions.create({ origin: 'https://pms.example', user: { email: 'handlaggare@pms.test' } });
    expect(session.token.split('.')).toHaveLength(3);
  }, 60_000);

  it('turns the server\'s failures into the SDK\'s error classes', async () => {
    const org = await rk.organizations.create({ name: 'BRF Tusenskönan' });
    const trial = await rk.trials.create({ organizationId: org.id, customerType: 'brf', users: [{ email: 'a@tusen.test' }] });

    // Another reseller's id does not exist for this one.
    const notFound = await other.trials.retrieve(trial.id).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound).toMatchObject({ status: 404, type: 'not_found', requestId: expect.any(String) });

    const bad = await rk.trials.create({ organizationId: org.id, customerType: 'brf', users: [{ email: 'inte-en-adress' }] }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(BadRequestError);
    expect((bad as BadRequestError).issues?.map((i) => i.path)).toContainEqual(['body', 'users', 0, 'email']);

    const tooMany = await rk.trials.list({ limit: 1000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(tooMany).toBeInstanceOf(BadRequestError);
    expect((tooMany as BadRequestError).issues?.map((i) => i.path)).toContainEqual(['query', 'limit']);

    const wrongType = await rk.trials
      // @ts-expect-error: the types already refuse it; the server must too.
      .create({ organizationId: org.id, customerType: 'villa', users: [{ email: 'b@tusen.test' }] })
      .catch((e: unknown) => e);
    expect(wrongType).toBeInstanceOf(BadRequestError);
    expect((wrongType as BadRequestError).issues?.map((i) => i.path)).toContainEqual(['body', 'customerType']);

    const order = await rk.orders.create(trial.id, { licenceId: licence.id, invoicing, signer });
    await rk.orders.attachAgreement(order.id, new Blob([new Uint8Array(TEST_PDF)], { type: 'application/pdf' }));
    await rk.orders.submit(order.id);
    await admin.admin.orders.approve(order.id);
    // 409 is retryable for the SDK; a conflict that stays a conflict still ends as ConflictError.
    const again = await admin.admin.orders.approve(order.id, { maxRetries: 0 }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect(again).toMatchObject({ status: 409 });
  }, 60_000);

  it('reuses one Idempotency-Key when a POST is retried after a lost response: one resource', async () => {
    const keys: (string | null)[] = [];
    let dropped = 0;
    const lossy: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === 'POST' && String(input).endsWith('/v1/organizations')) {
        keys.push(new Headers(init.headers).get('idempotency-key'));
        if (dropped++ === 0) {
          await res.arrayBuffer();
          throw new TypeError('fetch failed: the connection was reset');
        }
      }
      return res;
    };
    const flaky = new ResellerKit({ apiKey: resellerKey, baseUrl: server.url, fetch: lossy });

    const org = await flaky.organizations.create({ name: 'BRF Idempotens' });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    const all = [];
    for await (const o of rk.organizations.list()) if (o.name === 'BRF Idempotens') all.push(o);
    expect(all).toEqual([org]);

    // A new logical request gets a new key, and so a new resource.
    const second = await flaky.organizations.create({ name: 'BRF Idempotens' });
    expect(second.id).not.toBe(org.id);
    expect(keys[2]).not.toBe(keys[0]);
  }, 60_000);
});
