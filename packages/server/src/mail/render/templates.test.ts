import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPT_LABEL, mailContent, renderMail, trialDigest, type MailContent } from './index.js';
import { acme, ALL, NOW, planima, SHOWN } from './cases.testing.js';

describe('every e-mail, as text', () => {
  it.each(ALL)('$label: the subject is one line', ({ mail }) => {
    expect(mail.subject).toMatch(/^[^\p{Cc}\u0085\u2028\u2029]+$/u);
    expect(mail.subject).toBe(mail.subject.trim());
  });

  it.each(ALL)('$label: the text part is complete on its own', ({ mail, button, facts, brand }) => {
    for (const fact of facts) expect(mail.text).toContain(fact);
    if (button) expect(mail.text).toContain(`${button.label}:\n${button.href}\n`);
    expect(mail.text).toContain(`Vänliga hälsningar\n${brand.name}`);
    // Someone else's words never stand on a line of their own in the sender's voice.
    expect(mail.text).not.toMatch(/^Bcc:/m);
    expect(mail.text).not.toMatch(/^<script>/m);
  });

  it.each(ALL)('$label: the HTML escapes every value', ({ mail }) => {
    expect(mail.html).not.toMatch(/<script/i);
    expect(mail.html).not.toMatch(/<b>BRF/);
    if (mail.text.includes(SHOWN)) expect(mail.html).toContain('Brf &lt;script&gt;alert(1)&lt;/script&gt; &quot;Ek&quot; &amp; Co Bcc: victim@evil.example');
  });

  it.each(ALL)('$label: the HTML is what Outlook and webmail keep: tables and inline styles', ({ mail }) => {
    // Stylesheets, classes and modern layout are dropped by Outlook's Word engine or by webmail sanitizers.
    expect(mail.html).not.toMatch(/<style|<link|class=|display:\s*(flex|grid)|position:|<div[^>]*style="[^"]*width/i);
    expect(mail.html).toMatch(/<table role="presentation" width="100%"[^>]*style="max-width:600px;/);
    expect(mail.html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(mail.html).toContain('<html lang="sv"');
  });

  it('one interpolated name in a subject, one line, as typed', () => {
    expect(ALL[0]!.mail.subject).toBe(`Välkommen till Planima – provkonto för ${SHOWN}`);
  });

  it('every e-mail names the configured vendor and no other', () => {
    for (const { mail, brand } of ALL.filter((c) => c.brand === acme)) {
      expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain('Planima');
      expect(mail.text).toContain(brand.name);
      expect(mail.html).toContain(brand.name);
    }
  });

  it('no template writes a vendor name of its own', () => {
    const dir = join(import.meta.dirname, 'templates');
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/planima/i);
  });

  it('a digest with nothing to follow up is refused rather than sent empty', () => {
    expect(() => trialDigest(planima, { now: NOW, trials: [] })).toThrow(/at least one trial/);
  });
});

describe('every e-mail, as the content the outbox stores', () => {
  it.each(ALL)('$label: is checked already, and its JSON draws the same mail', ({ content, mail, brand }) => {
    expect(mailContent(content)).toEqual(content);
    expect(content.subject).toBe(mail.subject);
    expect(renderMail(JSON.parse(JSON.stringify(content)) as MailContent, brand)).toEqual(mail);
    // What the change's transaction stores is what the mail says, a fraction of its drawn parts.
    expect(JSON.stringify(content).length).toBeLessThan(mail.html.length / 2);
  });

  const base: MailContent = { subject: 'Ämne\r\nBcc: x@evil.example', preheader: 'Rad ett\nrad två', blocks: [{ kind: 'paragraph', text: 'Hej!' }] };
  it('puts subject and preheader on one line when the template is called, not when the mail is sent', () => {
    expect(mailContent(base)).toMatchObject({ subject: 'Ämne Bcc: x@evil.example', preheader: 'Rad ett rad två' });
  });
  it.each([
    ['two buttons', [{ kind: 'button', label: 'A', href: 'https://a.example' }, { kind: 'button', label: 'B', href: 'https://b.example' }], /at most one button/],
    ['a javascript link', [{ kind: 'button', label: 'A', href: 'javascript:alert(1)' }], /http\(s\) address/],
  ] as const)('refuses %s when the template is called, and again when drawn', (_what, blocks, error) => {
    const content = { ...base, blocks: [...blocks] } as MailContent;
    expect(() => mailContent(content)).toThrow(error);
    expect(() => renderMail(content, planima)).toThrow(error);
  });
});

/** A 1×1 PNG standing in for the vendor's logo: the page must not reach the network. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('every e-mail, as HTML in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

  describe.each([375, 1280])('%i px wide', (width) => {
    it.each(ALL)('$label', async ({ mail, button, brand }) => {
      // Mail clients run no scripts; the page is shown as they would show it.
      const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: false });
      await context.route('**/*', (route) =>
        route.request().url() === brand.logoUrl ? route.fulfill({ status: 200, contentType: 'image/png', body: PIXEL }) : route.abort(),
      );
      const page = await context.newPage();
      try {
        await page.setContent(mail.html, { waitUntil: 'load' });
        const layout = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          scripts: document.querySelectorAll('script').length,
          text: document.body.innerText,
          title: document.title,
        }));
        expect(layout.scrollWidth, 'no horizontal scrolling').toBeLessThanOrEqual(layout.innerWidth);
        expect(layout.scripts).toBe(0);
        expect(layout.title).toBe(mail.subject);
        if (mail.text.includes(SHOWN)) expect(layout.text).toContain('Brf <script>alert(1)</script> "Ek" & Co Bcc: victim@evil.example');

        const card = await page.locator('table[style*="max-width:600px"]').first().boundingBox();
        expect(card!.width).toBeLessThanOrEqual(600);
        expect(card!.x).toBeGreaterThanOrEqual(0);
        expect(card!.x + card!.width).toBeLessThanOrEqual(width);

        if (brand.logoUrl) {
          const logo = page.getByRole('img', { name: brand.name });
          await expect(logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).resolves.toBe(true);
        }

        const links = page.getByRole('link', { name: button?.label ?? ACCEPT_LABEL, exact: true });
        if (!button) {
          await expect(links.count()).resolves.toBe(0);
          return;
        }
        await expect(links.count()).resolves.toBe(1);
        await expect(links.isVisible()).resolves.toBe(true);
        await expect(links.getAttribute('href')).resolves.toBe(button.href);
        const box = (await links.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        expect(box.height, 'big enough to tap').toBeGreaterThanOrEqual(44);
        const look = await links.evaluate((a) => ({ color: getComputedStyle(a).color, background: getComputedStyle(a.parentElement!).backgroundColor }));
        expect(look).toEqual({ color: rgb(brand.buttonText), background: rgb(brand.color) });
        // The link written out below the button, for clients that lose buttons.
        await expect(page.getByRole('link', { name: button.href, exact: true }).getAttribute('href')).resolves.toBe(button.href);
      } finally {
        await context.close();
      }
    });
  });
});
