/**
 * @module Issue 18 over HTTP on both stores: the vendor's cancellation with its refund, the reseller's cancel at the
 * period end and its undo, and how summaries, statements and the forecast net what a cancellation takes back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';
import { createTransport, sendDueEmails } from '../src/mail/sender.js';
import { startSmtpReceiver } from '@resellerkit/dev-env/smtp';
import { readSie } from '../src/modules/revenue/statements/sie-read.js';
import { runDueJobs } from '../src/scheduler/jobs.js';

const DAY = 86_400_000;
// A licence year from 1 June 2027 holds 29 February 2028: 366 days, so half of it is a whole 183 days.
const START = '2027-06-01T09:00:00.000Z';
// An odd price, so half of it is not a whole öre: "within one öre" has something to prove.
const PRICE = 1_234_567;

describe.each(testDialects)('cancellations and reversals (%s)', (dialect) => {
  let h: Harness;
  let r: { id: string; key: string };
  let other: { id: string; key: string };
  let licenceId: string;
  let n = 0;
  beforeAll(async () => {
    h = await createHarness(dialect, { clockStart: START });
    r = await h.reseller({ discountPercent: 20 });
    other = await h.reseller();
    licenceId = (await h.licence('brf', PRICE)).id;
  });
  afterAll(() => h.close());

  async function customer(reseller = r) {
    const ids = await submittedOrder(h, reseller, licenceId, `Brf Kund ${++n}`);
    const approved = await h.call('POST', `/v1/admin/orders/${ids.orderId}/approve`, { key: TEST_ADMIN_KEY });
    expect(approved.status).toBe(200);
    return approved.body.customer as { id: string; renewsAt: string; createdAt: string };
  }
  const entries = (customerId: string) =>
    h.services.ctx.db.selectFrom('revenue_entries').selectAll().where('customer_id', '=', customerId).orderBy('period_start').execute();
  const events = (type: string, customerId: string) =>
    h.services.ctx.db.selectFrom('events').select(['type', 'data']).where('type', '=', type).where('data', 'like', `%${customerId}%`).execute();
  const cancel = (id: string, body?: unknown) => h.call('POST', `/v1/admin/customers/${id}/cancel`, { key: TEST_ADMIN_KEY, ...(body === undefined ? {} : { body }) });

  it('nets a pro-rata cancellation half-way through the year to half the year, within one öre', async () => {
    const c = await customer();
    const sale = (await entries(c.id))[0]!;
    h.clock.set(new Date(Date.parse(c.createdAt) + 183 * DAY + 5 * 3_600_000));
    const res = await cancel(c.id, { refund: 'prorata' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', renewsAt: null, cancelAtPeriodEnd: false });

    const [, reversal] = await entries(c.id);
    expect(reversal).toMatchObject({ kind: 'reversal', licence_year: 1, period_start: h.clock.now().toISOString() });
    const net = {
      listPrice: Number(sale.list_price) + Number(reversal!.list_price),
      resellerMargin: Number(sale.reseller_margin) + Number(reversal!.reseller_margin),
      vendorAmount: Number(sale.vendor_amount) + Number(reversal!.vendor_amount),
    };
    expect(Math.abs(net.listPrice - PRICE / 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(net.resellerMargin - Number(sale.reseller_margin) / 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(net.vendorAmount - Number(sale.vendor_amount) / 2)).toBeLessThanOrEqual(1);
    expect(Number(reversal!.list_price)).toBe(Number(reversal!.reseller_margin) + Number(reversal!.vendor_amount));

    const reversed = await events('revenue.reversed', c.id);
    expect(reversed).toHaveLength(1);
    expect(JSON.parse(reversed[0]!.data)).toMatchObject({ customerId: c.id, refund: 'prorata', reverses: sale.id, listPrice: Number(reversal!.list_price), kind: 'reversal' });
    expect(await events('customer.cancelled', c.id)).toHaveLength(1);

    // The statement of the cancellation's month lists the reversal; the year's statement and the summary net it.
    const month = await h.call('GET', `/v1/revenue/statements/${h.clock.now().toISOString().slice(0, 7)}`, { key: r.key });
    expect(month.body.rows.filter((x: any) => x.customerId === c.id).map((x: any) => [x.kind, x.listPrice])).toEqual([['reversal', Number(reversal!.list_price)]]);
    const summary = await h.call('GET', `/v1/revenue?groupBy=year&from=2027&to=2029`, { key: r.key });
    expect(summary.body.totals.listPrice).toBe(net.listPrice);
    const statement = await h.call('GET', '/v1/revenue/statements/2027', { key: r.key });
    expect(statement.body.totals).toEqual(net);
  });

  it('writes nothing for refund none (the default) and reverses everything for full', async () => {
    const none = await customer();
    const noBody = await cancel(none.id);
    expect(noBody.status).toBe(200);
    expect(await entries(none.id)).toHaveLength(1);
    expect(await events('revenue.reversed', none.id)).toHaveLength(0);
    expect(await events('customer.cancelled', none.id)).toHaveLength(1);

    const explicit = await customer();
    expect((await cancel(explicit.id, { refund: 'none' })).status).toBe(200);
    expect(await entries(explicit.id)).toHaveLength(1);

    const full = await customer();
    expect((await cancel(full.id, { refund: 'full' })).status).toBe(200);
    const [sale, reversal] = await entries(full.id);
    expect([Number(reversal!.list_price), Number(reversal!.reseller_margin), Number(reversal!.vendor_amount)]).toEqual([-Number(sale!.list_price), -Number(sale!.reseller_margin), -Number(sale!.vendor_amount)]);
  });

  it('shows what reversals took back beside the net, so a month with a sale and its full reversal is not an empty month', async () => {
    const own = await h.reseller({ discountPercent: 20 });
    const c = await customer(own);
    const [sale] = await entries(c.id);
    h.clock.set(new Date(Date.parse(c.createdAt) + 3 * DAY));
    expect((await cancel(c.id, { refund: 'full' })).status).toBe(200);
    const month = c.createdAt.slice(0, 7);
    const summary = await h.call('GET', `/v1/revenue?groupBy=month`, { key: own.key });
    expect(summary.status).toBe(200);
    const reversals = { listPrice: -Number(sale!.list_price), resellerMargin: -Number(sale!.reseller_margin), vendorAmount: -Number(sale!.vendor_amount) };
    expect(summary.body.periods).toEqual([{ period: month, listPrice: 0, resellerMargin: 0, vendorAmount: 0, reversals }]);
    expect(summary.body.totals).toEqual({ listPrice: 0, resellerMargin: 0, vendorAmount: 0 });
    // Another sale that year: the year nets both sales and the reversal, and names the reversal beside the net.
    const plain = await customer(own);
    const next = await h.call('GET', `/v1/revenue?groupBy=year`, { key: own.key });
    expect(next.body.periods).toEqual([{ period: month.slice(0, 4), listPrice: PRICE, resellerMargin: expect.any(Number), vendorAmount: expect.any(Number), reversals }]);
    expect(plain.id).not.toBe(c.id);
  });

  it('reverses the licence year running at the cancellation, not an earlier one', async () => {
    const c = await customer();
    h.clock.set(new Date(Date.parse(c.renewsAt) + 1000));
    await runDueJobs(h.services.ctx);
    expect((await cancel(c.id, { refund: 'full' })).status).toBe(200);
    const rows = await entries(c.id);
    expect(rows.map((e) => [e.kind, e.licence_year])).toEqual([['sale', 1], ['sale', 2], ['reversal', 2]]);
    expect(Number(rows[2]!.list_price)).toBe(-Number(rows[1]!.list_price));
  });

  it('cancels once however requests race: one 200, the rest 409, one reversal', async () => {
    const c = await customer();
    const answers = await Promise.all([cancel(c.id, { refund: 'full' }), cancel(c.id, { refund: 'full' }), cancel(c.id, { refund: 'prorata' })]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect(answers.find((a) => a.status === 409)!.body.error.code).toBe('invalid_state');
    expect(await entries(c.id)).toHaveLength(2);
    expect(await events('revenue.reversed', c.id)).toHaveLength(1);
  });

  it('refuses an unknown refund naming the field, and only the vendor may cancel', async () => {
    const c = await customer();
    const bad = await cancel(c.id, { refund: 'half' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: any) => i.path)).toEqual([['body', 'refund']]);
    expect((await h.call('POST', `/v1/admin/customers/${c.id}/cancel`, { key: r.key, body: { refund: 'full' } })).status).toBe(403);
    expect(await entries(c.id)).toHaveLength(1);
  });

  it('cancels at the period end instead of renewing, with no renewal entry; the mark can be undone before then', async () => {
    const c = await customer();
    const path = `/v1/customers/${c.id}/cancel-at-period-end`;
    const marked = await h.call('POST', path, { key: r.key });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ status: 'active', cancelAtPeriodEnd: true, renewsAt: c.renewsAt });
    // Idempotent: marking again answers the same, and records no second change.
    expect((await h.call('POST', path, { key: r.key })).body).toEqual(marked.body);
    expect((await events('customer.updated', c.id)).map((e) => JSON.parse(e.data).cancelAtPeriodEnd)).toEqual([true]);
    // Another reseller's customer is not there; the vendor's key is not the reseller's.
    expect((await h.call('POST', path, { key: other.key })).status).toBe(404);
    expect((await h.call('POST', path, { key: TEST_ADMIN_KEY })).status).toBe(403);

    // The forecast leaves the marked customer out, and counts it again once the mark is taken back.
    const renewalMonth = c.renewsAt.slice(0, 7);
    const renewalsIn = async () => (await h.call('GET', '/v1/revenue/forecast?months=24', { key: r.key })).body.months.find((m: any) => m.month === renewalMonth).renewals.listPrice;
    const withoutIt = await renewalsIn();
    expect((await h.call('DELETE', path, { key: r.key })).body.cancelAtPeriodEnd).toBe(false);
    expect(await renewalsIn()).toBe(withoutIt + PRICE);
    expect((await h.call('POST', path, { key: r.key })).body.cancelAtPeriodEnd).toBe(true);

    // Past the period end, before the scheduler: the undo is too late, and says so.
    h.clock.set(new Date(Date.parse(c.renewsAt) + 1000));
    const late = await h.call('DELETE', path, { key: r.key });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('period_ended');

    const jobs = await runDueJobs(h.services.ctx);
    expect(jobs.cancelledAtPeriodEnd).toBeGreaterThanOrEqual(1);
    const after = await h.call('GET', `/v1/customers/${c.id}`, { key: r.key });
    expect(after.body).toMatchObject({ status: 'cancelled', cancelledAt: c.renewsAt, licenceYear: 1 });
    expect(await entries(c.id)).toHaveLength(1);
    expect(await events('customer.cancelled', c.id)).toHaveLength(1);
    expect(await events('customer.renewed', c.id)).toHaveLength(0);
    // Once cancelled, the mark is refused as a state the customer is no longer in.
    expect((await h.call('POST', path, { key: r.key })).body.error.code).toBe('invalid_state');
    expect((await runDueJobs(h.services.ctx)).cancelledAtPeriodEnd).toBe(0);
  });

  it('renews a customer whose mark was undone before the period end', async () => {
    const c = await customer();
    const path = `/v1/customers/${c.id}/cancel-at-period-end`;
    await h.call('POST', path, { key: r.key });
    await h.call('DELETE', path, { key: r.key });
    h.clock.set(new Date(Date.parse(c.renewsAt) + 1000));
    await runDueJobs(h.services.ctx);
    expect((await h.call('GET', `/v1/customers/${c.id}`, { key: r.key })).body).toMatchObject({ status: 'active', licenceYear: 2 });
    expect((await entries(c.id)).map((e) => e.licence_year)).toEqual([1, 2]);
  });
});

describe.each(testDialects)('renewal notices (%s)', (dialect) => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let transport: ReturnType<typeof createTransport>;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    h = await createHarness(dialect, { clockStart: START, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Planima <noreply@planima.test>' } });
    transport = createTransport(h.config.SMTP_URL);
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.close();
    await h?.close();
  });

  it('announces each renewal once, 30 days ahead, by event and Swedish e-mail to the reseller, year after year', async () => {
    const r = await h.reseller({ discountPercent: 20 });
    const licence = await h.licence('brf', 1_200_000);
    const ids = await submittedOrder(h, r, licence.id, 'Brf Förnyelsen');
    const c = (await h.call('POST', `/v1/admin/orders/${ids.orderId}/approve`, { key: TEST_ADMIN_KEY })).body.customer;
    const notices = () => h.services.ctx.db.selectFrom('events').select('data').where('type', '=', 'customer.renewal_upcoming').where('reseller_id', '=', r.id).execute();
    const endpoint = await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: 'https://hooks.example/resellerkit', enabledEvents: ['customer.renewal_upcoming'] } });
    expect(endpoint.status).toBe(201);
    const deliveries = () => h.services.ctx.db.selectFrom('webhook_deliveries').select('event_type').where('endpoint_id', '=', endpoint.body.id).execute();
    const renewsAt = Date.parse(c.renewsAt);

    h.clock.set(new Date(renewsAt - 30 * DAY - 1000));
    expect((await runDueJobs(h.services.ctx)).renewalNotices).toBe(0);
    h.clock.set(new Date(renewsAt - 30 * DAY));
    // Two schedulers at once: exactly one announces.
    const [a, b] = await Promise.all([runDueJobs(h.services.ctx), runDueJobs(h.services.ctx)]);
    expect(a.renewalNotices + b.renewalNotices).toBe(1);
    expect((await runDueJobs(h.services.ctx)).renewalNotices).toBe(0);
    // One webhook delivery to the endpoint that asked for the event.
    expect(await deliveries()).toEqual([{ event_type: 'customer.renewal_upcoming' }]);
    const [notice] = await notices();
    expect(JSON.parse(notice!.data)).toMatchObject({ id: c.id, renewal: { licenceYear: 2, renewsAt: c.renewsAt, currency: 'SEK', listPrice: 1_200_000, resellerMargin: 240_000, vendorAmount: 960_000 } });
    // Over real SMTP, once, to the reseller's contact address, in Swedish.
    await sendDueEmails(h.services.ctx, transport);
    const mail = smtp.messages.filter((m) => m.subject.startsWith('Licensen för Brf Förnyelsen'));
    expect(mail.map((m) => [m.to, m.subject])).toEqual([[['partner1@reseller.test'], `Licensen för Brf Förnyelsen förnyas ${c.renewsAt.slice(0, 10)}`]]);
    expect(mail[0]!.text).toContain('Vi fakturerar er 9600,00 kr (exklusive moms) för det nya licensåret.');
    expect(mail[0]!.text).toContain('Säg upp vid periodens slut');

    // Renewed: the next year is announced 30 days before its own end, once.
    h.clock.set(new Date(renewsAt + 1000));
    expect((await runDueJobs(h.services.ctx)).renewed).toBe(1);
    expect(await notices()).toHaveLength(1);
    const next = (await h.call('GET', `/v1/customers/${c.id}`, { key: r.key })).body.renewsAt;
    h.clock.set(new Date(Date.parse(next) - 29 * DAY));
    expect((await runDueJobs(h.services.ctx)).renewalNotices).toBe(1);
    expect((await notices()).map((x) => JSON.parse(x.data).renewal.licenceYear)).toEqual([2, 3]);

    // A customer marked to cancel at the period end hears nothing about a renewal that will not come.
    const marked = await submittedOrder(h, r, licence.id, 'Brf Slutar');
    const m = (await h.call('POST', `/v1/admin/orders/${marked.orderId}/approve`, { key: TEST_ADMIN_KEY })).body.customer;
    await h.call('POST', `/v1/customers/${m.id}/cancel-at-period-end`, { key: r.key });
    h.clock.set(new Date(Date.parse(m.renewsAt) - 10 * DAY));
    await runDueJobs(h.services.ctx);
    expect((await notices()).filter((x) => JSON.parse(x.data).id === m.id)).toHaveLength(0);
  });
});

describe.each(testDialects)('SIE account map (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect, { clockStart: START });
  });
  afterAll(() => h.close());

  it('keeps BAS until the reseller maps its own accounts, which its SIE statements then book on', async () => {
    const r = await h.reseller();
    const other = await h.reseller();
    const licence = await h.licence('brf', 1_200_000);
    const ids = await submittedOrder(h, r, licence.id);
    await h.call('POST', `/v1/admin/orders/${ids.orderId}/approve`, { key: TEST_ADMIN_KEY });

    const defaults = await h.call('GET', '/v1/revenue/accounting', { key: r.key });
    expect(Object.fromEntries(Object.entries(defaults.body).map(([k, v]: [string, any]) => [k, v.number]))).toEqual({ receivables: '1510', payables: '2440', sales: '3041', purchases: '4010' });
    const put = await h.call('PUT', '/v1/revenue/accounting', { key: r.key, body: { sales: { number: '3001', name: 'Försäljning licenser' } } });
    expect(put.status).toBe(200);
    expect(put.body.sales).toEqual({ number: '3001', name: 'Försäljning licenser' });
    expect(put.body.receivables.number).toBe('1510');
    expect((await h.call('GET', `/v1/admin/resellers/${r.id}/accounting`, { key: TEST_ADMIN_KEY })).body).toEqual(put.body);
    // Another reseller's map is its own.
    expect((await h.call('GET', '/v1/revenue/accounting', { key: other.key })).body.sales.number).toBe('3041');

    const sie = await h.app.request('/v1/revenue/statements/2027?format=sie', { headers: { authorization: `Bearer ${r.key}` } });
    const file = readSie(new Uint8Array(await sie.arrayBuffer()));
    expect(file.accounts.get('3001')).toBe('Försäljning licenser');
    expect(file.accounts.has('3041')).toBe(false);
    expect(file.verifications[0]!.transactions).toContainEqual({ account: '3001', amount: -1_200_000 });
    // The vendor's books are the vendor's: the reseller's chart does not touch them.
    const vendor = await h.app.request(`/v1/admin/revenue/statements/2027?format=sie&resellerId=${r.id}`, { headers: { authorization: `Bearer ${TEST_ADMIN_KEY}` } });
    expect(readSie(new Uint8Array(await vendor.arrayBuffer())).accounts.has('3041')).toBe(true);

    // The vendor may set it too; a reseller that does not exist is a 404.
    const byVendor = await h.call('PUT', `/v1/admin/resellers/${r.id}/accounting`, { key: TEST_ADMIN_KEY, body: {} });
    expect(byVendor.body.sales.number).toBe('3041');
    expect((await h.call('GET', '/v1/admin/resellers/res_nope/accounting', { key: TEST_ADMIN_KEY })).status).toBe(404);
    expect((await h.call('GET', `/v1/admin/resellers/${r.id}/accounting`, { key: r.key })).status).toBe(403);
  });

  it('refuses a malformed or shared account, naming the field', async () => {
    const r = await h.reseller();
    for (const [body, path] of [
      [{ sales: { number: '30011', name: 'X' } }, ['body', 'sales', 'number']],
      [{ sales: { number: '30A1', name: 'X' } }, ['body', 'sales', 'number']],
      [{ sales: { number: '3001', name: '' } }, ['body', 'sales', 'name']],
      [{ sales: { number: '1510', name: 'X' } }, ['body', 'sales', 'number']],
      [{ other: { number: '3001', name: 'X' } }, ['body']],
    ] as const) {
      const res = await h.call('PUT', '/v1/revenue/accounting', { key: r.key, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error.issues), JSON.stringify(body)).toContain(JSON.stringify(path).slice(0, -1));
    }
    expect((await h.call('GET', '/v1/revenue/accounting', { key: r.key })).body.sales.number).toBe('3041');
  });
});
