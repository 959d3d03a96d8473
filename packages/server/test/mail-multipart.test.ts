/**
 * @module The e-mails as they leave the service: multipart/alternative over real SMTP with a text part that stands on its
 * own and an HTML part with one button, both drawn by the mail worker from the content stored in the change's
 * transaction. (Purge and retention delete the row, content with it: purge.test.ts scans every column of every table.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport, sendDueEmails } from '../src/mail/sender.js';
import { ACCEPT_LABEL } from '../src/mail/render/index.js';
import { renderMail, type MailContent } from '../src/mail/render/index.js';
import { ALL } from '../src/mail/render/cases.testing.js';
import { sendEveryCase } from './mail-cases.js';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { startSmtpReceiver } from '@resellerkit/dev-env/smtp';
import { createTestStore, testDialects } from '@resellerkit/dev-env/stores';
import { migrate } from '../src/db/migrate.js';
import { openStore } from '../src/db/connect.js';

/** The href of the one link whose text is `label`, as a browser would read the attribute. */
function buttonHref(html: string, label: string): string[] {
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return [...html.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)].filter((m) => unescape(m[2]!) === label).map((m) => unescape(m[1]!));
}

describe.each(testDialects)('multipart e-mail over real SMTP (%s)', (dialect) => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let transport: ReturnType<typeof createTransport>;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    h = await createHarness(dialect, { env: { SMTP_URL: smtp.url, VENDOR_NAME: 'Acme Underhåll', VENDOR_COLOR: '#ffcc00', VENDOR_LOGO_URL: 'https://cdn.acme.example/logo.png' } });
    transport = createTransport(h.config.SMTP_URL);
  });
  afterAll(async () => {
    transport?.close();
    await smtp.close();
    await h.close();
  });

  it('an invitation arrives multipart, its button leading where the text part does, and the link logs the user in', async () => {
    const r = await h.reseller();
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Knappen & Co' } });
    await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'knapp@knappen.test', role: 'editor' }] } });
    const stored = await h.services.ctx.db.selectFrom('emails').selectAll().where('to_address', '=', 'knapp@knappen.test').executeTakeFirstOrThrow();
    // The change's transaction stores what the mail says, not its rendered parts.
    expect(stored).toMatchObject({ text: null, html: null, subject: 'Välkommen till Acme Underhåll – provkonto för Brf Knappen & Co' });
    const content = JSON.parse(stored.content!) as MailContent;
    expect(content.subject).toBe(stored.subject);
    expect(stored.content).not.toContain('<table');
    const drawn = renderMail(content, h.services.ctx.branding);
    expect(drawn.html).toContain('<!doctype html>');
    await sendDueEmails(h.services.ctx, transport);
    const mail = smtp.messages.find((m) => m.to.includes('knapp@knappen.test'))!;

    expect(mail.contentType).toBe('multipart/alternative');
    expect(mail.raw).toMatch(/Content-Type: text\/plain; charset=utf-8[\s\S]*Content-Type: text\/html; charset=utf-8/);
    expect(mail.subject).toBe('Välkommen till Acme Underhåll – provkonto för Brf Knappen & Co');
    // What the worker sent is the renderer's drawing of what the change's transaction stored.
    expect(mail.html).toBe(drawn.html);
    expect(mail.text.trimEnd()).toBe(drawn.text.trimEnd());

    const textLink = new RegExp(`^${ACCEPT_LABEL}:\\r?\\n(http://resellerkit\\.test/invitations/accept\\?token=\\S+)$`, 'm').exec(mail.text)?.[1];
    expect(textLink).toBeDefined();
    expect(buttonHref(mail.html!, ACCEPT_LABEL)).toEqual([textLink]);
    // The text part stands on its own: who, what, how, until when, from whom.
    for (const fact of ['Brf Knappen & Co', 'redigera underhållsplanen', '1. Öppna länken', '2. Välj ett lösenord', 'Provperioden pågår till och med', 'Vänliga hälsningar\nAcme Underhåll']) {
      expect(mail.text).toContain(fact);
    }
    expect(`${mail.subject}${mail.text}${mail.html}`).not.toContain('Planima');
    expect(mail.html).toContain('https://cdn.acme.example/logo.png');

    // The page the button opens greets with the same vendor name.
    const landing = await (await h.app.request(new URL(textLink!).pathname + new URL(textLink!).search)).text();
    expect(landing).toContain('<h1>Välkommen till Acme Underhåll</h1>');
    const token = new URL(textLink!).searchParams.get('token')!;
    expect((await h.call('POST', '/v1/invitations/accept', { body: { token, password: 'ett långt lösenord' } })).status).toBe(200);
  });

  it('the vendor\'s mails about an order go out multipart too, with no button where nothing is to be clicked', async () => {
    const r = await h.reseller();
    const { orderId } = await submittedOrder(h, r, (await h.licence('brf')).id, 'Brf Flerdel');
    await h.call('POST', `/v1/admin/orders/${orderId}/reject`, { key: TEST_ADMIN_KEY, body: { reason: 'Fel licens.\nLogga in här: https://evil.example' } });
    smtp.messages.length = 0;
    await sendDueEmails(h.services.ctx, transport);
    const rejected = smtp.messages.filter((m) => m.subject === 'Beställningen för Brf Flerdel behöver kompletteras');
    expect(rejected).toHaveLength(2);
    for (const m of rejected) {
      expect(m.contentType).toBe('multipart/alternative');
      expect(m.text).toContain('> Logga in här: https://evil.example');
      expect(m.html).toContain('Logga in här: https://evil.example');
      // The reason is quoted, never linked.
      expect(m.html).not.toContain('href="https://evil.example');
    }
  });

  it('every template survives the queue and SMTP unchanged, both parts', async () => {
    smtp.messages.length = 0;
    const received = await sendEveryCase(h, transport, smtp.messages, 'templates.test');
    for (const c of ALL) {
      const got = received.get(c.label);
      expect(got, c.label).toBeDefined();
      expect(got!.subject, c.label).toBe(c.mail.subject);
      expect(got!.html, c.label).toBe(c.mail.html);
      expect(got!.text.trimEnd(), c.label).toBe(c.mail.text.trimEnd());
      for (const fact of c.facts) expect(got!.text, `${c.label}: ${fact}`).toContain(fact);
      expect(buttonHref(got!.html!, c.button?.label ?? ACCEPT_LABEL), c.label).toEqual(c.button ? [c.button.href] : []);
    }
  });

  it('a mail queued before content was stored goes out as it was rendered then', async () => {
    const [c] = ALL;
    const at = h.clock.now().toISOString();
    await h.services.ctx.db
      .insertInto('emails')
      .values({ id: 'mail_before_content', to_address: 'tidigare@templates.test', subject: c!.mail.subject, content: null, text: c!.mail.text, html: c!.mail.html, status: 'pending', attempts: 0, next_attempt_at: at, last_error: null, sent_at: null, created_at: at, trial_id: null })
      .execute();
    smtp.messages.length = 0;
    await sendDueEmails(h.services.ctx, transport);
    const got = smtp.messages.find((m) => m.to.includes('tidigare@templates.test'));
    expect(got?.contentType).toBe('multipart/alternative');
    expect(got!.subject).toBe(c!.mail.subject);
    expect(got!.html).toBe(c!.mail.html);
    expect(got!.text.trimEnd()).toBe(c!.mail.text.trimEnd());
  });

  it('the content migration keeps the parts of mails queued before it, and lets new mails store content only', async () => {
    const store = await createTestStore(dialect);
    const s = openStore(store.url);
    try {
      await migrate(s, '2026-12-02T06-00_email-html');
      const row = { subject: 'Förr', status: 'pending', attempts: 0, next_attempt_at: '2026-01-01T00:00:00.000Z', created_at: '2026-01-01T00:00:00.000Z' };
      await (s.db as any)
        .insertInto('emails')
        .values([
          { ...row, id: 'mail_text', to_address: 'text@forr.test', text: 'Bara text\n', html: null },
          { ...row, id: 'mail_html', to_address: 'html@forr.test', text: 'Text\n', html: '<!doctype html><p>HTML</p>' },
        ])
        .execute();
      await migrate(s);
      const rows = await s.db.selectFrom('emails').select(['id', 'subject', 'content', 'text', 'html']).orderBy('id').execute();
      expect(rows).toEqual([
        { id: 'mail_html', subject: 'Förr', content: null, text: 'Text\n', html: '<!doctype html><p>HTML</p>' },
        { id: 'mail_text', subject: 'Förr', content: null, text: 'Bara text\n', html: null },
      ]);
      await s.db.insertInto('emails').values({ ...row, id: 'mail_content', to_address: 'ny@forr.test', content: '{}', text: null, html: null, last_error: null, sent_at: null, trial_id: null }).execute();
      expect(await s.db.selectFrom('emails').select('id').where('text', 'is', null).execute()).toEqual([{ id: 'mail_content' }]);
    } finally {
      await s.destroy();
      await store.drop();
    }
  });
});
