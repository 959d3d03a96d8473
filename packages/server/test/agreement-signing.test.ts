/**
 * The agreement in the flow over the real app, store and SMTP: the draft rendered from the order, the signing link
 * e-mailed, signing and declining on the page, single use, expiry on the injected clock, racing requests, access.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport, sendDueEmails } from '../src/mail/sender.js';
import { pageTexts } from '../src/modules/agreements/pdf-text.testing.js';
import { createHarness, TEST_ADMIN_KEY, TEST_PDF, type Harness } from '@resellerkit/dev-env/harness';
import { startSmtpReceiver } from '@resellerkit/dev-env/smtp';
import { testDialects } from '@resellerkit/dev-env/stores';

const PUBLIC = 'http://resellerkit.test';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.each(testDialects)('agreement signing (%s)', (dialect) => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let transport: ReturnType<typeof createTransport>;
  let licenceId: string;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    h = await createHarness(dialect, { env: { SMTP_URL: smtp.url, VENDOR_NAME: 'Planima AB', VENDOR_ORG_NUMBER: '556000-0001' } });
    transport = createTransport(h.config.SMTP_URL);
    licenceId = (await h.licence('brf', 1_234_500)).id;
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.close();
    await h?.close();
  });

  /** A reseller's draft order for a new organization, with no agreement yet. */
  async function draftOrder(r: { key: string }, orgName = 'Brf Solrosen i Västerås') {
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: orgName, orgNumber: '769600-1234' } });
    const trial = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'styrelsen@solrosen.test' }] } });
    const order = await h.call('POST', `/v1/trials/${trial.body.id}/orders`, {
      key: r.key,
      body: { licenceId, invoicing: { name: orgName, orgNumber: '769600-1234', email: 'faktura@solrosen.test', reference: 'Åsa Ek' }, signer: { name: 'Åsa Ek', email: 'asa@solrosen.test' } },
    });
    expect(order.status).toBe(201);
    return order.body.id as string;
  }

  /** Sends the queued mails over SMTP and returns the token of the newest signing link sent to `to`. */
  async function linkTo(to: string): Promise<string> {
    await sendDueEmails(h.services.ctx, transport);
    const mail = smtp.messages.filter((m) => m.to.includes(to)).at(-1);
    const match = mail && /http:\/\/resellerkit\.test\/sign\/([A-Za-z0-9_-]+)/.exec(mail.text);
    if (!match) throw new Error(`no signing link to ${to}`);
    return match[1]!;
  }

  const form = (fields: Record<string, string>, headers: Record<string, string> = { origin: PUBLIC }) =>
    ({ raw: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Mozilla/5.0 (iPhone) Test', ...headers } });
  const sign = (token: string, name = 'Åsa Ek', headers?: Record<string, string>) => h.call('POST', `/sign/${token}`, form({ name, consent: 'yes' }, headers));

  async function events(key: string, orderId: string) {
    const all = (await h.call('GET', '/v1/events?limit=100', { key })).body.data as { type: string; data: any }[];
    return all.filter((e) => e.data?.id === orderId || e.data?.orderId === orderId).map((e) => e.type);
  }

  it('renders the draft PDF from the order, with the vendor, reseller, organization, invoicing, licence, price, term and signer', async () => {
    const r = await h.reseller({ name: 'Fastighetskonsult Öst AB' });
    const orderId = await draftOrder(r);
    const res = await h.app.request(`/v1/orders/${orderId}/agreement-draft`, { headers: { authorization: `Bearer ${r.key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const text = (await pageTexts(new Uint8Array(await res.arrayBuffer()))).join('\n');
    for (const expected of ['Planima AB, org.nr 556000-0001', 'Fastighetskonsult Öst AB, org.nr 556677-8899', 'Brf Solrosen i Västerås, org.nr 769600-1234', 'faktura@solrosen.test', 'Licence brf', '12\u00a0345,00\u00a0kr exkl. moms', '12 månader från 2026-01-15', 'Åsa Ek (asa@solrosen.test)', orderId]) {
      expect(text).toContain(expected);
    }
  });

  it("uses the vendor's stored template, and refuses one with an unknown placeholder naming it", async () => {
    const r = await h.reseller();
    const orderId = await draftOrder(r);
    const bad = await h.call('PUT', '/v1/admin/agreement-template', { key: TEST_ADMIN_KEY, body: { text: '# Avtal\n\nKund: {{organisation.name}}' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.issues)).toContain('{{organisation.name}} (line 3)');
    expect((await h.call('PUT', '/v1/admin/agreement-template', { key: r.key, body: { text: '# Avtal' } })).status).toBe(403);
    const put = await h.call('PUT', '/v1/admin/agreement-template', { key: TEST_ADMIN_KEY, body: { text: '# Vårt avtal\n\nKunden {{organization.name}} köper {{licence.name}}.' } });
    expect(put.status).toBe(200);
    expect((await h.call('GET', '/v1/admin/agreement-template', { key: TEST_ADMIN_KEY })).body).toMatchObject({ isDefault: false, text: expect.stringContaining('Vårt avtal') });
    const res = await h.app.request(`/v1/orders/${orderId}/agreement-draft`, { headers: { authorization: `Bearer ${r.key}` } });
    const text = (await pageTexts(new Uint8Array(await res.arrayBuffer()))).join('\n');
    expect(text).toContain('Vårt avtal');
    expect(text).toContain('Kunden Brf Solrosen i Västerås köper Licence brf.');
    const { DEFAULT_TEMPLATE } = await import('../src/modules/agreements/template.js');
    expect((await h.call('PUT', '/v1/admin/agreement-template', { key: TEST_ADMIN_KEY, body: { text: DEFAULT_TEMPLATE } })).status).toBe(200);
  });

  it('e-mails the signer a link over SMTP; signing stores the agreement with its signature page, emits the event, tells the reseller and submits', async () => {
    const r = await h.reseller();
    const orderId = await draftOrder(r);
    const sent = await h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: r.key, body: { autoSubmit: true } });
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({ status: 'sent', signerEmail: 'asa@solrosen.test', expiresAt: '2026-01-29T09:00:00.000Z', autoSubmit: true, declineReason: null });
    expect((await h.call('GET', `/v1/orders/${orderId}/signature-request`, { key: r.key })).body).toEqual(sent.body);
    const token = await linkTo('asa@solrosen.test');
    const mail = smtp.messages.filter((m) => m.to.includes('asa@solrosen.test')).at(-1)!;
    expect(mail.subject).toBe('Slutkundsavtal för Brf Solrosen i Västerås att signera');
    // Only the token's hash is at rest.
    const stored = await h.services.ctx.db.selectFrom('signature_requests').select(['token_hash', 'status']).where('order_id', '=', orderId).execute();
    expect(stored).toEqual([{ token_hash: sha256(new TextEncoder().encode(token)), status: 'sent' }]);

    const pageRes = await h.app.request(`/sign/${token}`);
    expect(pageRes.status).toBe(200);
    expect(pageRes.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await pageRes.text();
    expect(html).toContain('Jag har läst och godkänner avtalet');
    expect(html).toContain('Signera avtalet');
    expect(await (await h.app.request(`/sign/${token}`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } })).text()).toContain('Sign the agreement');
    const draft = new Uint8Array(await (await h.app.request(`/sign/${token}/agreement.pdf`)).arrayBuffer());

    h.clock.advance(60_000);
    const signed = await sign(token);
    expect(signed.status).toBe(200);
    expect(signed.body).toContain('Tack, avtalet är signerat');

    const order = (await h.call('GET', `/v1/orders/${orderId}`, { key: r.key })).body;
    expect(order.status).toBe('submitted');
    expect(order.agreement).toMatchObject({ signedElectronically: true });
    expect((await h.call('GET', `/v1/orders/${orderId}/signature-request`, { key: r.key })).body.status).toBe('signed');
    const pdf = new Uint8Array(await (await h.app.request(`/v1/orders/${orderId}/agreement`, { headers: { authorization: `Bearer ${r.key}` } })).arrayBuffer());
    expect(sha256(pdf)).toBe(order.agreement.sha256);
    const last = (await pageTexts(pdf)).at(-1)!;
    expect(last).toContain('Elektronisk underskrift');
    expect(last).toContain(sha256(draft));
    expect(last).toContain('Åsa Ek');
    expect(last).toContain('asa@solrosen.test');
    expect(last).toContain('2026-01-15 09:01:00 UTC');
    expect(last).toContain('Mozilla/5.0 (iPhone) Test');
    expect(last).toContain('"Jag har läst och godkänner avtalet"');
    expect(await events(r.key, orderId)).toEqual(expect.arrayContaining(['order.agreement_signed', 'order.submitted']));

    await sendDueEmails(h.services.ctx, transport);
    const toReseller = smtp.messages.find((m) => m.subject === 'Avtalet för Brf Solrosen i Västerås är signerat' && m.text.includes('skickats in för granskning'));
    expect(toReseller?.to).toEqual([expect.stringMatching(/@reseller\.test$/)]);

    // Single use: the same link opens a clear page with 410, and signing again changes nothing.
    const again = await sign(token, 'Någon Annan');
    expect(again.status).toBe(410);
    expect(again.body).toContain('Länken har redan använts');
    expect((await h.app.request(`/sign/${token}`)).status).toBe(410);
    expect((await h.call('GET', `/v1/orders/${orderId}`, { key: r.key })).body.agreement.sha256).toBe(order.agreement.sha256);
    // A signed agreement cannot be replaced once the order is submitted.
    const replace = await h.call('PUT', `/v1/orders/${orderId}/agreement`, { key: r.key, raw: TEST_PDF, headers: { 'content-type': 'application/pdf' } });
    expect(replace.status).toBe(409);
    // The vendor approves it.
    expect((await h.call('POST', `/v1/admin/orders/${orderId}/approve`, { key: TEST_ADMIN_KEY })).status).toBe(200);
  });

  it('without autoSubmit the signed order stays a draft for the reseller to submit', async () => {
    const r = await h.reseller();
    const orderId = await draftOrder(r);
    await h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: r.key, body: {} });
    expect((await sign(await linkTo('asa@solrosen.test'))).status).toBe(200);
    const order = (await h.call('GET', `/v1/orders/${orderId}`, { key: r.key })).body;
    expect(order).toMatchObject({ status: 'draft', agreement: { signedElectronically: true } });
    expect((await h.call('POST', `/v1/orders/${orderId}/submit`, { key: r.key })).status).toBe(200);
  });

  it('refuses a form without consent or name with 422 naming the fault, and a post from another origin with 403', async () => {
    const r = await h.reseller();
    const orderId = await draftOrder(r);
    await h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: r.key, body: {} });
    const token = await linkTo('asa@solrosen.test');
    const noConsent = await h.call('POST', `/sign/${token}`, form({ name: 'Åsa Ek' }));
    expect(noConsent.status).toBe(422);
    expect(noConsent.body).toContain('Kryssa i rutan för att godkänna avtalet.');
    const noName = await h.call('POST', `/sign/${token}`, form({ name: ' ', consent: 'yes' }));
    expect(noName.status).toBe(422);
    expect(noName.body).toContain('Skriv ditt namn.');
    expect((await sign(token, 'Åsa Ek', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await sign(token, 'Åsa Ek', { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // An opaque origin (a sandboxed frame elsewhere) says null; only a same-origin fetch may (the page sends no referrer).
    expect((await sign(token, 'Åsa Ek', { origin: 'null', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await sign(token, 'Åsa Ek', { origin: 'null' })).status).toBe(403);
    expect((await h.call('GET', `/v1/orders/${orderId}`, { key: r.key })).body.agreement).toBeNull();
    // A tampered link is unknown: a clear page, never a 500.
    const tampered = await sign(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`);
    expect(tampered.status).toBe(404);
    expect(tampered.body).toContain('Länken är ogiltig');
    expect((await h.app.request('/sign/x')).status).toBe(404);
  });

  it('limits the posts to one link: after LOGIN_ATTEMPT_LIMIT attempts a 429 page, and the link signs nothing', async () => {
    const r = await h.reseller();
    const orderId = await draftOrder(r);
    await h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: r.key, body: {} });
    const token = await linkTo('asa@solrosen.test');
    for (let i = 0; i < h.config.LOGIN_ATTEMPT_LIMIT; i++) expect((await h.call('POST', `/sign/${token}`, form({ name: 'Åsa Ek' }))).status).toBe(422);
    const limited = await sign(token);
    expect(limited.status).toBe(429);
    expect(limited.body).toContain('För många försök');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await h.call('GET', `/v1/orders/${orderId}`, { key: r.key })).body.agreement).toBeNull();
  });

  it('expires the link after 14 days on the injected clock', async () => {
    const r = await h.reseller();
    const orderId = await draftOrder(r);
    await h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: r.key, body: {} });
    const token = await linkTo('asa@solrosen.test');
    h.clock.advanceDays(13);
    expect((await h.app.request(`/sign/${token}`)).status).toBe(200);
    h.clock.advanceDays(1);
    const page = await h.app.request(`/sign/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Länken har gått ut');
    expect((await sign(token)).status).toBe(410);
    expect((await h.call('GET', `/v1/orders/${orderId}`, { key: r.key })).body.agreement).toBeNull();
    expect((await h.call('GET', `/v1/orders/${orderId}/signature-request`, { key: r.key })).body.status).toBe('expired');
  });

  it('declining reaches the reseller with the reason, as an event and an e-mail', async () => {
    const r = await h.reseller();
    const orderId = await draftOrder(r, 'Brf Nejet');
    await h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: r.key, body: { signer: { name: 'Per Nej', email: 'per@nejet.test' } } });
    const token = await linkTo('per@nejet.test');
    const declined = await h.call('POST', `/sign/${token}/decline`, form({ reason: 'Fel licens, vi vill ha den större.' }));
    expect(declined.status).toBe(200);
    expect(declined.body).toContain('Du har avböjt avtalet');
    const feed = (await h.call('GET', '/v1/events?limit=100', { key: r.key })).body.data as { type: string; data: any }[];
    expect(feed.find((e) => e.type === 'order.agreement_declined')?.data).toEqual({ orderId, trialId: expect.any(String), signer: { name: 'Per Nej', email: 'per@nejet.test' }, reason: 'Fel licens, vi vill ha den större.' });
    await sendDueEmails(h.services.ctx, transport);
    const mail = smtp.messages.find((m) => m.subject === 'Avtalet för Brf Nejet signerades inte');
    expect(mail?.text).toContain('> Fel licens, vi vill ha den större.');
    expect((await h.call('GET', `/v1/orders/${orderId}/signature-request`, { key: r.key })).body).toMatchObject({ status: 'declined', declineReason: 'Fel licens, vi vill ha den större.' });
    expect((await sign(token)).status).toBe(410);
    // The signer given replaced the order's.
    expect((await h.call('GET', `/v1/orders/${orderId}`, { key: r.key })).body.signer).toEqual({ name: 'Per Nej', email: 'per@nejet.test' });
  });

  it('racing requests leave one open link; the earlier links read as withdrawn', async () => {
    const r = await h.reseller();
    const orderId = await draftOrder(r);
    const results = await Promise.all(Array.from({ length: 6 }, () => h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: r.key, body: {} })));
    expect(results.map((x) => x.status).every((s) => s === 201 || s === 409)).toBe(true);
    expect(results.some((x) => x.status === 201)).toBe(true);
    const open = await h.services.ctx.db.selectFrom('signature_requests').select('id').where('order_id', '=', orderId).where('status', '=', 'sent').execute();
    expect(open).toHaveLength(1);
    await sendDueEmails(h.services.ctx, transport);
    const tokens = smtp.messages.filter((m) => m.to.includes('asa@solrosen.test')).map((m) => /\/sign\/([A-Za-z0-9_-]+)/.exec(m.text)?.[1]).filter(Boolean).slice(-results.filter((x) => x.status === 201).length) as string[];
    const statuses = await Promise.all(tokens.map(async (t) => (await h.app.request(`/sign/${t}`)).status));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(tokens.length - 1);
  });

  it('two racing signatures on one link: one signs, the other is told the link was used', async () => {
    const r = await h.reseller();
    const orderId = await draftOrder(r);
    await h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: r.key, body: {} });
    const token = await linkTo('asa@solrosen.test');
    const [a, b] = await Promise.all([sign(token, 'Åsa Ek'), sign(token, 'Åsa Ek')]);
    expect([a.status, b.status].sort()).toEqual([200, 410]);
    const rows = await h.services.ctx.db.selectFrom('agreements').select('order_id').where('order_id', '=', orderId).execute();
    expect(rows).toHaveLength(1);
    const signedEvents = (await events(r.key, orderId)).filter((t) => t === 'order.agreement_signed');
    expect(signedEvents).toHaveLength(1);
  });

  it('saving the order unchanged keeps the link; a correction withdraws it', async () => {
    const r = await h.reseller();
    const orderId = await draftOrder(r);
    await h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: r.key, body: {} });
    const token = await linkTo('asa@solrosen.test');
    const order = (await h.call('GET', `/v1/orders/${orderId}`, { key: r.key })).body;
    expect((await h.call('PATCH', `/v1/orders/${orderId}`, { key: r.key, body: { licenceId: order.licenceId, invoicing: order.invoicing, signer: order.signer } })).status).toBe(200);
    expect((await h.app.request(`/sign/${token}`)).status).toBe(200);
    expect((await h.call('PATCH', `/v1/orders/${orderId}`, { key: r.key, body: { signer: { name: 'Åsa Ek', email: 'asa.ek@solrosen.test' } } })).status).toBe(200);
    expect((await h.app.request(`/sign/${token}`)).status).toBe(410);
  });

  it('cancelling withdraws the open link; a second cancel finds none', async () => {
    const r = await h.reseller();
    const orderId = await draftOrder(r);
    await h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: r.key, body: {} });
    const token = await linkTo('asa@solrosen.test');
    const other = await h.reseller();
    expect((await h.call('DELETE', `/v1/orders/${orderId}/signature-request`, { key: other.key })).status).toBe(404);
    expect((await h.call('DELETE', `/v1/orders/${orderId}/signature-request`, { key: r.key })).status).toBe(204);
    const page = await h.app.request(`/sign/${token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Länken gäller inte längre');
    expect((await sign(token)).status).toBe(410);
    expect((await h.call('DELETE', `/v1/orders/${orderId}/signature-request`, { key: r.key })).status).toBe(404);
  });

  it("another reseller's order is not found, and a submitted order cannot be sent for signing", async () => {
    const r = await h.reseller();
    const other = await h.reseller();
    const orderId = await draftOrder(r);
    expect((await h.call('GET', `/v1/orders/${orderId}/agreement-draft`, { key: other.key })).status).toBe(404);
    expect((await h.call('GET', `/v1/orders/${orderId}/signature-request`, { key: r.key })).status).toBe(404);
    expect((await h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: other.key, body: {} })).status).toBe(404);
    const bad = await h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: r.key, body: { signer: { name: 'Åsa', email: 'inte-en-adress' } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.issues)).toContain('signer');
    // The upload path keeps working; an uploaded PDF withdraws the open link.
    await h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: r.key, body: {} });
    const token = await linkTo('asa@solrosen.test');
    const uploaded = await h.call('PUT', `/v1/orders/${orderId}/agreement`, { key: r.key, raw: TEST_PDF, headers: { 'content-type': 'application/pdf' } });
    expect(uploaded.body.agreement).toMatchObject({ signedElectronically: false });
    expect((await sign(token)).status).toBe(410);
    expect((await h.call('POST', `/v1/orders/${orderId}/submit`, { key: r.key })).status).toBe(200);
    const late = await h.call('POST', `/v1/orders/${orderId}/signature-request`, { key: r.key, body: {} });
    expect(late.status).toBe(409);
  });
});
