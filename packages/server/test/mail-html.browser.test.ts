/**
 * @module The e-mails' HTML in real Chromium as a recipient gets it: every template sent over real SMTP by the mail
 * worker, then drawn from what arrived under a mail client's policy (no scripts); and the development mailbox, which
 * shows that HTML in a sandboxed frame under the same policy.
 */
import { serve, type ServerType } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import devMail, { MAIL_HTML_POLICY } from '../src/demo/dev-mail.js';
import { createTransport, sendDueEmails } from '../src/mail/sender.js';
import { ACCEPT_LABEL, renderMail, type MailContent } from '../src/mail/render/index.js';
import { ALL, type Case } from '../src/mail/render/cases.testing.js';
import { sendEveryCase } from './mail-cases.js';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';
import { startSmtpReceiver, type ReceivedMail } from '@resellerkit/dev-env/smtp';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** A 1×1 PNG standing in for the vendor's logo: the page must not reach the network. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
});

describe('every e-mail as received over SMTP, in Chromium on a phone', () => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let received = new Map<string, ReceivedMail | undefined>();
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    h = await createHarness('sqlite', { env: { SMTP_URL: smtp.url } });
    const transport = createTransport(h.config.SMTP_URL)!;
    received = await sendEveryCase(h, transport, smtp.messages, 'browser.test');
    transport.close();
  }, 60_000);
  afterAll(async () => {
    await smtp?.close();
    await h?.close();
  });

  it.each(ALL)('$label', async (c: Case & { label: string; brand: { name: string; logoUrl: string | null; color: string; buttonText: string } }) => {
    const mail = received.get(c.label)!;
    expect(mail.contentType).toBe('multipart/alternative');
    // The text part is complete on its own: every fact, and the button's link written out under its label.
    for (const fact of c.facts) expect(mail.text).toContain(fact);
    if (c.button) expect(mail.text).toContain(`${c.button.label}:\n${c.button.href}`);

    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const blocked: string[] = [];
    // The received HTML, served as a mail client would show it: under a policy without scripts.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === 'https://mail.test/message.html') {
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': MAIL_HTML_POLICY }, body: mail.html! });
      }
      if (url === c.brand.logoUrl) return route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL });
      blocked.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
    try {
      await page.goto('https://mail.test/message.html');
      expect(violations, 'inline styles are all a mail needs').toEqual([]);
      expect(blocked).toEqual([]);
      const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, title: document.title }));
      expect(layout.scrollWidth, 'no horizontal scrolling on a phone').toBeLessThanOrEqual(layout.innerWidth);
      expect(layout.title).toBe(mail.subject);

      const links = page.getByRole('link', { name: c.button?.label ?? ACCEPT_LABEL, exact: true });
      if (!c.button) {
        await expect(links.count()).resolves.toBe(0);
        return;
      }
      await expect(links.count()).resolves.toBe(1);
      await expect(links.isVisible()).resolves.toBe(true);
      await expect(links.getAttribute('href')).resolves.toBe(c.button.href);
      const look = await links.evaluate((a) => ({ color: getComputedStyle(a).color, background: getComputedStyle(a.parentElement!).backgroundColor }));
      expect(look, 'the inline styles apply under the policy').toEqual({ color: rgb(c.brand.buttonText), background: rgb(c.brand.color) });
    } finally {
      await context.close();
    }
  });
});

describe('the development mailbox in Chromium', () => {
  let h: Harness;
  let server: ServerType;
  let base = '';
  beforeAll(async () => {
    h = await createHarness('sqlite', { env: { NODE_ENV: 'development', VENDOR_COLOR: '#e30613' }, extend: (app) => app.route('/', devMail) });
    server = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const r = await h.reseller();
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Brevlådan' } });
    await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'las@brevladan.test' }] } });
    // A mail carrying script, as a hostile or broken template might have rendered it (stored as rendered, the way mails
    // queued before content were): the mailbox must not run it.
    const at = h.clock.now().toISOString();
    await h.services.ctx.db
      .insertInto('emails')
      .values({
        id: 'mail_skript',
        to_address: 'skript@brevladan.test',
        subject: 'Skript',
        content: null,
        text: 'Skript',
        html: '<!doctype html><p id="p">före</p><script>document.getElementById("p").textContent = "körde"</script><img src="x" onerror="document.title=\'körde\'">',
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        last_error: null,
        sent_at: null,
        created_at: at,
        trial_id: null,
      })
      .execute();
    // No SMTP_URL: the worker keeps the mails for /dev/mail.
    await sendDueEmails(h.services.ctx, null);
  }, 60_000);
  afterAll(async () => {
    server?.close();
    await h?.close();
  });

  it('serves each HTML part from its own URL under a mail client\'s policy, and nothing for an unknown id', async () => {
    const row = await h.services.ctx.db.selectFrom('emails').select(['id', 'content']).where('to_address', '=', 'las@brevladan.test').executeTakeFirstOrThrow();
    const res = await fetch(`${base}/dev/mail/${row.id}.html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(MAIL_HTML_POLICY);
    expect(MAIL_HTML_POLICY).toMatch(/^default-src 'none'; img-src https: data:; style-src 'unsafe-inline'/);
    // What the mail worker would send: the renderer's drawing of the stored content with the vendor's branding.
    expect(await res.text()).toBe(renderMail(JSON.parse(row.content!) as MailContent, h.services.ctx.branding).html);
    expect((await fetch(`${base}/dev/mail/mail_nope.html`)).status).toBe(404);
  });

  it('is the policy docs/mail.md shows', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../../docs/mail.md'), 'utf8');
    expect(doc).toContain(`\n\`\`\`\n${MAIL_HTML_POLICY}\n\`\`\`\n`);
  });

  it('shows the invitation as received in a sandboxed frame: its button, under its own policy, and scripts never run', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => /Content Security Policy|Refused to frame/i.test(m.text()) && violations.push(m.text()));
    try {
      await page.goto(`${base}/dev/mail`);
      const frames = page.locator('iframe');
      await expect(frames.count()).resolves.toBe(2);
      for (const sandbox of await frames.evaluateAll((els) => els.map((e) => e.getAttribute('sandbox') ?? ''))) {
        expect(sandbox.split(' ')).not.toContain('allow-scripts');
        expect(sandbox.split(' ')).not.toContain('allow-same-origin');
      }

      const invitation = page.locator('article', { hasText: 'las@brevladan.test' });
      await invitation.locator('iframe').scrollIntoViewIfNeeded();
      const inside = invitation.frameLocator('iframe');
      const button = inside.getByRole('link', { name: ACCEPT_LABEL, exact: true });
      await button.waitFor({ timeout: 15_000 });
      const text = await invitation.locator('details pre').textContent();
      const textLink = new RegExp(`${ACCEPT_LABEL}:\\n(\\S+)`).exec(text ?? '')?.[1];
      expect(textLink).toMatch(/^http:\/\/resellerkit\.test\/invitations\/accept\?token=/);
      await expect(button.getAttribute('href')).resolves.toBe(textLink);
      const background = await button.evaluate((a) => getComputedStyle(a.parentElement!).backgroundColor);
      expect(background, 'inline styles apply in the frame').toBe('rgb(227, 6, 19)');

      const hostile = page.locator('article', { hasText: 'skript@brevladan.test' });
      await hostile.locator('iframe').scrollIntoViewIfNeeded();
      await expect(hostile.frameLocator('iframe').locator('#p').textContent()).resolves.toBe('före');
      await page.waitForTimeout(200);
      await expect(hostile.frameLocator('iframe').locator('#p').textContent()).resolves.toBe('före');
      expect(violations.filter((v) => /frame/i.test(v) && !/script/i.test(v)), 'the page may frame its mails').toEqual([]);
    } finally {
      await page.close();
    }
  });
});
