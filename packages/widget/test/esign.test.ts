/**
 * Issue 17 in real Chromium: from the partner's page the order dialog sends the agreement for e-signing, the signer
 * opens the link from the e-mail received over SMTP on a phone, types their name, ticks the consent and signs; the
 * order then carries the signed agreement (signature page last), was submitted by itself, and the vendor approves it.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport, sendDueEmails } from '../../server/src/mail/sender.js';
import { startSmtpReceiver } from '@resellerkit/dev-env/smtp';
import { startStack, type Stack } from './stack.js';

const ORG = 'Brf Signaturen';

describe('the agreement signed in the flow', () => {
  let stack: Stack;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    smtp = await startSmtpReceiver();
    const org = await stack.asReseller('POST', '/v1/organizations', { name: ORG, orgNumber: '769611-2233' });
    await stack.asReseller('POST', '/v1/trials', { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'styrelsen@signaturen.test' }] });
    context = await stack.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'sv-SE' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await smtp?.close();
    await stack?.close();
  });

  it('sends for signing from the widget, signs on a phone from the e-mailed link, and the order goes in signed', async () => {
    await page.goto(`${stack.partner}/`);
    await page.getByRole('button', { name: `Hantera ${ORG}` }).click();
    await page.getByRole('button', { name: 'Påbörja beställning' }).first().click();
    const flow = page.getByRole('dialog', { name: `Beställning för ${ORG}` });
    await expect.poll(() => flow.getByLabel('Licens').locator('option').count()).toBeGreaterThan(1);
    await flow.getByLabel('Licens').selectOption({ index: 1 });
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await expect.poll(() => flow.getByLabel('Organisationsnummer').inputValue()).toBe('769611-2233');
    await flow.getByLabel('E-post för faktura').fill('faktura@signaturen.test');
    await flow.getByLabel('Undertecknarens namn').fill('Örjan Ågren');
    await flow.getByLabel('Undertecknarens e-post').fill('orjan@signaturen.test');
    await flow.getByRole('button', { name: 'Nästa' }).click();

    const esign = flow.getByRole('group', { name: 'Skicka för e-signering' });
    await expect(esign.getByLabel('Undertecknarens e-post').inputValue()).resolves.toBe('orjan@signaturen.test');
    await expect(esign.getByLabel('Skicka in beställningen automatiskt när avtalet är signerat').isChecked()).resolves.toBe(true);
    await esign.getByRole('button', { name: 'Skicka för signering' }).click();
    await flow.getByRole('status').filter({ hasText: 'Väntar på signatur: länken skickades till orjan@signaturen.test' }).waitFor();
    await esign.getByRole('button', { name: 'Skicka ny länk' }).waitFor();

    // Another visit: the dialog knows the link is out, and walking through the steps again keeps it.
    await page.reload();
    await page.getByRole('button', { name: `Hantera ${ORG}` }).click();
    await page.getByRole('button', { name: 'Fortsätt beställning' }).first().click();
    await expect.poll(() => flow.getByLabel('Licens').inputValue()).toMatch(/^lic_/);
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await flow.getByLabel('Undertecknarens namn').waitFor();
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await esign.getByText('Väntar på signatur: länken skickades till orjan@signaturen.test').waitFor();
    await page.keyboard.press('Escape');

    // The mail goes out over real SMTP; the signer follows its link.
    const transport = createTransport(smtp.url);
    await sendDueEmails(stack.api.services.ctx, transport);
    transport?.close();
    const mail = smtp.messages.find((m) => m.to.includes('orjan@signaturen.test'))!;
    expect(mail.subject).toBe(`Slutkundsavtal för ${ORG} att signera`);
    const link = new RegExp(`${stack.api.url.replace(/[.]/g, '\\.')}/sign/[A-Za-z0-9_-]+`).exec(mail.text)?.[0];
    expect(link).toBeDefined();

    const phone = await stack.browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'sv-SE' });
    try {
      const signer = await phone.newPage();
      const violations: string[] = [];
      // The policy blocks nothing on the page (the browser's own favicon request may 404; that is no violation).
      signer.on('console', (m) => /Content Security Policy|Refused to/i.test(m.text()) && violations.push(m.text()));
      await signer.goto(link!);
      await signer.getByRole('heading', { name: 'Signera slutkundsavtal' }).waitFor();
      expect(await signer.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await signer.getByLabel('Ditt namn').fill('Örjan Ågren');
      await signer.getByLabel('Jag har läst och godkänner avtalet').check();
      await signer.getByRole('button', { name: 'Signera avtalet' }).click();
      await signer.getByRole('heading', { name: 'Tack, avtalet är signerat' }).waitFor();
      expect(violations).toEqual([]);
      // The link works once.
      expect((await signer.goto(link!))?.status()).toBe(410);
      await signer.getByRole('heading', { name: 'Länken har redan använts' }).waitFor();
    } finally {
      await phone.close();
    }

    const order = (await stack.asReseller('GET', '/v1/orders?limit=100')).body.data.find((o: { signer: { email: string } }) => o.signer.email === 'orjan@signaturen.test');
    expect(order).toMatchObject({ status: 'submitted', agreement: { signedElectronically: true } });
    // The vendor's review shows how it was signed, and approves it.
    await page.goto(`${stack.partner}/?review=1`);
    await page.getByText(/Signerat elektroniskt, avtal-signerat\.pdf/).waitFor();
    expect((await stack.asAdmin('POST', `/v1/admin/orders/${order.id}/approve`)).status).toBe(200);
  }, 60_000);
});
