import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport, sendDueEmails } from '../src/mail/sender.js';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { startSmtpReceiver } from '@resellerkit/dev-env/smtp';
import { testDialects } from '@resellerkit/dev-env/stores';

describe.each(testDialects)('e-mail over real SMTP (%s)', (dialect) => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let transport: ReturnType<typeof createTransport>;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    h = await createHarness(dialect, { env: { SMTP_URL: smtp.url, MAIL_FROM: 'Planima <noreply@planima.test>' } });
    transport = createTransport(h.config.SMTP_URL);
  });
  afterAll(async () => {
    transport?.close();
    await smtp.close();
    await h.close();
  });

  it('sends Swedish invitations whose one-time link logs the user in', async () => {
    const r = await h.reseller();
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Solrosen' } });
    await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'anna@solrosen.test' }] } });
    expect(await sendDueEmails(h.services.ctx, transport)).toBe(1);
    const mail = smtp.messages.find((m) => m.to.includes('anna@solrosen.test'))!;
    expect(mail.from).toBe('noreply@planima.test');
    expect(mail.subject).toBe('Välkommen till Planima – provkonto för Brf Solrosen');
    expect(mail.text).toContain('Så loggar du in');
    const link = /http:\/\/resellerkit\.test\/invitations\/accept\?token=(\S+)/.exec(mail.text);
    expect(link).not.toBeNull();
    const token = decodeURIComponent(link![1]!);
    const accepted = await h.call('POST', '/v1/invitations/accept', { body: { token, password: 'ett långt lösenord' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user.email).toBe('anna@solrosen.test');
    // One-time: the same link does not work twice.
    expect((await h.call('POST', '/v1/invitations/accept', { body: { token, password: 'ett annat lösenord' } })).status).toBe(401);
    const trial = await h.call('GET', `/v1/trials?limit=1`, { key: r.key });
    expect(trial.body.data[0].users[0].status).toBe('active');
    // Nothing is sent twice.
    expect(await sendDueEmails(h.services.ctx, transport)).toBe(0);
  });

  it('notifies the reseller and the signer on approval and on rejection', async () => {
    const r = await h.reseller();
    const licence = await h.licence('brf');
    const first = await submittedOrder(h, r, licence.id, 'Brf Ja');
    await h.call('POST', `/v1/admin/orders/${first.orderId}/approve`, { key: TEST_ADMIN_KEY });
    const second = await submittedOrder(h, r, licence.id, 'Brf Nej');
    await h.call('POST', `/v1/admin/orders/${second.orderId}/reject`, { key: TEST_ADMIN_KEY, body: { reason: 'Fel organisationsnummer på fakturan.' } });
    smtp.messages.length = 0;
    await sendDueEmails(h.services.ctx, transport);
    const approved = smtp.messages.filter((m) => m.subject === 'Beställningen för Brf Ja är godkänd');
    expect(approved.flatMap((m) => m.to).sort()).toEqual(['eva@solrosen.test', 'partner2@reseller.test']);
    expect(approved[0]!.text).toContain('flyttats från Provkonton till Kunder');
    const rejected = smtp.messages.filter((m) => m.subject === 'Beställningen för Brf Nej behöver kompletteras');
    expect(rejected).toHaveLength(2);
    expect(rejected[0]!.text).toContain('Fel organisationsnummer på fakturan.');
  });

  it('sets a multi-line rejection reason apart as a quotation, so none of its lines reads as the vendor\'s own', async () => {
    const r = await h.reseller();
    const { orderId } = await submittedOrder(h, r, (await h.licence('brf')).id, 'Brf Citat');
    const reason = 'Underskrift saknas.\n\nVänliga hälsningar\nPlanima\r\nLogga in här: https://evil.example';
    await h.call('POST', `/v1/admin/orders/${orderId}/reject`, { key: TEST_ADMIN_KEY, body: { reason } });
    smtp.messages.length = 0;
    await sendDueEmails(h.services.ctx, transport);
    const mail = smtp.messages.find((m) => m.subject === 'Beställningen för Brf Citat behöver kompletteras')!;
    const lines = mail.text.trimEnd().split(/\r?\n/);
    expect(lines).toEqual(expect.arrayContaining(['> Underskrift saknas.', '> ', '> Vänliga hälsningar', '> Planima', '> Logga in här: https://evil.example']));
    expect(lines.filter((l) => l.includes('https://evil.example'))).toEqual(['> Logga in här: https://evil.example']);
    // The only unquoted sign-off is the template's own, at the end.
    expect(lines.filter((l) => l === 'Planima')).toHaveLength(1);
    expect(lines.at(-1)).toBe('Planima');
  });

  it('survives an SMTP outage: the mail waits, is retried later and arrives once', async () => {
    const r = await h.reseller();
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Avbrott' } });
    await sendDueEmails(h.services.ctx, transport);
    await smtp.close();
    await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'vanta@avbrott.test' }] } });
    expect(await sendDueEmails(h.services.ctx, transport)).toBe(0);
    const row = await h.services.ctx.db.selectFrom('emails').selectAll().where('to_address', '=', 'vanta@avbrott.test').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toBeTruthy();

    const again = await startSmtpReceiver(smtp.port);
    smtp = again;
    transport?.close();
    transport = createTransport(h.config.SMTP_URL);
    // Not yet due: the backoff holds it back.
    expect(await sendDueEmails(h.services.ctx, transport)).toBe(0);
    h.clock.advance(31_000);
    expect(await sendDueEmails(h.services.ctx, transport)).toBe(1);
    expect(again.messages.filter((m) => m.to.includes('vanta@avbrott.test'))).toHaveLength(1);
  });
});
