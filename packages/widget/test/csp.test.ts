/**
 * The widget under the strict Content-Security-Policy that docs/widget.md gives partners (no 'unsafe-inline', Trusted
 * Types with Lit's `lit-html` policy): the whole flow works and the browser reports no violation. The service's own
 * pages send their policy and break none of it either.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGREEMENT_PDF, startStack, type Stack } from './stack.js';

/** Collects violations from the first script on, whatever the page's own scripts do. */
const WATCH = `window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || e.sample)), true);`;

describe('Content-Security-Policy', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    stack = await startStack();
    context = await stack.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'sv-SE' });
    context.setDefaultTimeout(10_000);
    await context.addInitScript(WATCH);
  });
  afterAll(async () => {
    await context?.close();
    await stack?.close();
  });

  const open = async (url: string) => {
    page = await context.newPage();
    consoleErrors = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    const res = await page.goto(url);
    return res!;
  };
  const violations = () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

  it('the widget works on a partner page under the documented strict policy, with no violation', async () => {
    const res = await open(`${stack.partner}/?csp=1&review=1`);
    expect(res.headers()['content-security-policy']).toContain("require-trusted-types-for 'script'");
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Nytt provkonto' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nytt provkonto' });
    await dialog.getByLabel('Organisation').selectOption({ label: 'Brf Tangenten' });
    await dialog.getByLabel('Kundtyp').selectOption({ label: 'Bostadsrättsförening' });
    await dialog.getByLabel('E-postadresser').fill('anna@tangenten.example');
    await dialog.getByRole('button', { name: 'Skapa provkonto' }).click();
    await page.getByRole('status').filter({ hasText: 'Provkontot för Brf Tangenten är skapat' }).waitFor();

    await page.getByRole('button', { name: 'Hantera Brf Tangenten' }).click();
    await page.getByRole('button', { name: 'Påbörja beställning', exact: true }).click();
    const flow = page.getByRole('dialog', { name: 'Beställning för Brf Tangenten' });
    await flow.getByLabel('Licens').selectOption({ label: 'Planima Bostadsrätt – 12 000 kr' });
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await flow.getByLabel('Organisationsnummer').fill('769622-3344');
    await flow.getByLabel('E-post för faktura').fill('faktura@tangenten.example');
    await flow.getByLabel('Undertecknarens namn').fill('Tage Tangent');
    await flow.getByLabel('Undertecknarens e-post').fill('tage@tangenten.example');
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await flow.getByLabel('Signerat avtal').setInputFiles({ name: 'avtal.pdf', mimeType: 'application/pdf', buffer: AGREEMENT_PDF });
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await flow.getByRole('button', { name: 'Skicka beställning' }).click();
    await flow.getByRole('status').filter({ hasText: 'Beställningen är inskickad' }).waitFor();
    await flow.getByRole('button', { name: 'Stäng' }).click();

    const review = page.locator('resellerkit-order-review');
    await review.getByRole('button', { name: 'Godkänn Brf Tangenten' }).click();
    await review.getByRole('button', { name: 'Godkänn beställningen' }).click();
    await review.getByRole('status').filter({ hasText: 'Beställningen för Brf Tangenten är godkänd.' }).waitFor();
    await page.getByRole('tab', { name: 'Kunder' }).click();
    await page.getByRole('img', { name: /Stapeldiagram/ }).waitFor();

    expect(await violations()).toEqual([]);
    expect(consoleErrors.filter((e) => /Content Security Policy|Trusted Type/i.test(e))).toEqual([]);

    // The policy is really enforced here: an inline style attribute, set the way a careless template would, is reported.
    await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
    await expect.poll(async () => [...new Set(await violations())]).toEqual(['style-src-attr inline']);
    await page.close();
  });

  it('the service’s own pages send their policy and break none of it', async () => {
    // /docs has a policy of its own (packages/server/test/reference-page.browser.test.ts).
    for (const path of ['/', '/invitations/accept?token=x', '/dev/mail']) {
      const res = await open(`${stack.api.url}${path}`);
      expect(res.headers()['content-security-policy'], path).toMatch(/default-src 'none'.*trusted-types lit-html/);
      if (path === '/') {
        await page.getByRole('button', { name: 'Hantera Brf Solrosen' }).click();
        await page.getByRole('region', { name: 'Leverantörens granskning' }).getByRole('heading', { name: 'Beställningar att granska' }).waitFor();
        await page.getByRole('tab', { name: 'Kunder' }).click();
        await page.getByRole('img', { name: /Stapeldiagram/ }).waitFor();
      }
      if (path.startsWith('/invitations')) {
        await page.getByLabel('Lösenord (minst 10 tecken)').fill('ett-långt-lösenord');
        await page.getByRole('button', { name: 'Spara lösenord och logga in' }).click();
        await page.getByRole('alert').filter({ hasText: 'Länken är ogiltig, redan använd eller för gammal.' }).waitFor();
      }
      expect(await violations(), path).toEqual([]);
      expect(consoleErrors.filter((e) => /Content Security Policy|Trusted Type/i.test(e)), path).toEqual([]);
      await page.close();
    }
  });
});
