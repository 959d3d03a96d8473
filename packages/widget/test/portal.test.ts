import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGREEMENT_PDF, startStack, type Stack } from './stack.js';

const DOCS_IMAGES = fileURLToPath(new URL('../../../docs/images/', import.meta.url));

/** One partner's whole flow in a real browser, in order: each step builds on the one before. */
describe('<resellerkit-portal> on a partner page, and <resellerkit-order-review> for the vendor', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  let vendor: Page;

  beforeAll(async () => {
    stack = await startStack();
    context = await stack.browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'sv-SE' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    await page.goto(stack.partner);
  });
  afterAll(async () => {
    await context?.close();
    await stack?.close();
  });

  /** Intl formats money with no-break spaces; compare with plain ones. */
  const text = async (p: Promise<string | null>) => (await p)?.replace(/\s/g, ' ');
  const events = () => page.evaluate(() => (window as unknown as { __events: { type: string; detail: any; composed: boolean; bubbles: boolean }[] }).__events);

  it('lists the trials and creates one through the form, validating e-mail addresses inline', async () => {
    await expect(page.getByRole('tab', { name: 'Provkonton' }).getAttribute('aria-selected')).resolves.toBe('true');
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
    await stack.screenshot(page, '01-provkonton');

    await page.getByRole('button', { name: 'Nytt provkonto' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nytt provkonto' });
    await dialog.getByLabel('Organisation').selectOption({ label: 'Brf Eken' });
    await dialog.getByLabel('Kundtyp').selectOption({ label: 'Bostadsrättsförening' });
    await dialog.getByLabel('E-postadresser').fill('anna@eken.example, bo@eken.example;\ninte-en-adress');
    await dialog.getByRole('button', { name: 'Skapa provkonto' }).click();
    await dialog.getByText('Ogiltig e-postadress: inte-en-adress').waitFor();
    await expect(dialog.getByLabel('E-postadresser').getAttribute('aria-invalid')).resolves.toBe('true');
    await stack.screenshot(page, '02-nytt-provkonto-fel');

    await dialog.getByLabel('E-postadresser').fill('anna@eken.example, bo@eken.example;\ncecilia@eken.example');
    await dialog.getByRole('button', { name: 'Skapa provkonto' }).click();
    await page.getByRole('status').filter({ hasText: 'Provkontot för Brf Eken är skapat' }).waitFor();
    await expect(dialog.isVisible()).resolves.toBe(false);
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Brf Eken', exact: true }) });
    await expect(row.getByRole('cell').allInnerTexts().then((a) => a.map((x) => x.trim()))).resolves.toEqual(['Brf Eken', 'Bostadsrättsförening', '3', '30', 'Aktivt', 'Ingen inloggning', 'Påbörja beställning\nHantera']);

    const created = (await events()).filter((e) => e.type === 'resellerkit-trial-created');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ bubbles: true, composed: true, detail: { trial: { organizationName: 'Brf Eken', customerType: 'brf' } } });
    await stack.screenshot(page, '03-provkonto-skapat');
  });

  it('adjusts the trial users (add, change role, remove) and extends the trial', async () => {
    await page.getByRole('button', { name: 'Hantera Brf Eken' }).click();
    await page.getByLabel('Ny användares e-post').fill('david@eken.example');
    await page.getByLabel('Ny användares roll').selectOption({ label: 'Läsare' });
    await page.getByRole('button', { name: 'Lägg till användare' }).click();
    await page.getByRole('status').filter({ hasText: 'david@eken.example har bjudits in.' }).waitFor();

    await page.getByLabel('Roll för bo@eken.example').selectOption({ label: 'Läsare' });
    await page.getByRole('status').filter({ hasText: 'Rollen för bo@eken.example är ändrad.' }).waitFor();
    await page.getByRole('button', { name: 'Ta bort cecilia@eken.example' }).click();
    await page.getByRole('status').filter({ hasText: 'cecilia@eken.example har tagits bort.' }).waitFor();

    await page.getByLabel('Förläng med antal dagar').fill('10');
    await page.getByRole('button', { name: 'Förläng provkontot' }).click();
    await page.getByRole('status').filter({ hasText: 'Provkontot gäller nu till' }).waitFor();

    const trials = await stack.asReseller('GET', '/v1/trials?limit=100');
    const eken = trials.body.data.find((t: { organizationName: string }) => t.organizationName === 'Brf Eken');
    expect(eken.users.map((u: { email: string; role: string }) => `${u.email}:${u.role}`)).toEqual(['anna@eken.example:editor', 'bo@eken.example:reader', 'david@eken.example:reader']);
    expect(Math.round((Date.parse(eken.endsAt) - Date.parse(eken.createdAt)) / 86_400_000)).toBe(40);
    await expect(page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Brf Eken', exact: true }) }).getByRole('cell').nth(2).innerText()).resolves.toBe('3');
    await stack.screenshot(page, '04-anvandare-justerade');
  });

  it('starts an order, attaches the signed PDF and submits it', async () => {
    await page.getByRole('button', { name: 'Påbörja beställning', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Beställning för Brf Eken' });
    await dialog.getByLabel('Licens').selectOption({ label: 'Planima Bostadsrätt – 12 000 kr' });
    // The licence's price and the reseller's 20 % margin.
    const step = dialog.getByRole('group', { name: 'Licens' });
    await step.getByText('2 400 kr', { exact: true }).waitFor();
    await step.getByText('9 600 kr', { exact: true }).waitFor();
    await stack.screenshot(page, '05-bestallning-licens');
    await dialog.getByRole('button', { name: 'Nästa' }).click();

    await expect(dialog.getByLabel('Fakturamottagare').inputValue()).resolves.toBe('Brf Eken');
    await dialog.getByLabel('Organisationsnummer').fill('769611-2233');
    await dialog.getByLabel('E-post för faktura').fill('faktura@eken.example');
    await dialog.getByLabel('Undertecknarens namn').fill('Eva Ek');
    await dialog.getByLabel('Undertecknarens e-post').fill('eva@eken.example');
    await dialog.getByRole('button', { name: 'Nästa' }).click();

    await dialog.getByRole('button', { name: 'Nästa' }).click();
    await dialog.getByText('Bifoga det signerade avtalet som PDF.').waitFor();
    await dialog.getByLabel('Signerat avtal').setInputFiles({ name: 'avtal.pdf', mimeType: 'application/pdf', buffer: AGREEMENT_PDF });
    await stack.screenshot(page, '06-bestallning-avtal');
    await dialog.getByRole('button', { name: 'Nästa' }).click();

    await dialog.getByRole('heading', { name: /Granska/ }).waitFor();
    await dialog.getByRole('button', { name: 'Skicka beställning' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Beställningen är inskickad' }).waitFor();
    await stack.screenshot(page, '07-bestallning-inskickad');
    await dialog.getByRole('button', { name: 'Stäng' }).click();
    await page.getByRole('row').filter({ hasText: 'Beställning inskickad' }).filter({ hasText: 'Brf Eken' }).first().waitFor();

    const submitted = (await events()).filter((e) => e.type === 'resellerkit-order-submitted');
    expect(submitted).toHaveLength(1);
    expect(submitted[0]!.detail.order).toMatchObject({ status: 'submitted', signer: { name: 'Eva Ek' }, agreement: { size: AGREEMENT_PDF.length } });
    mkdirSync(DOCS_IMAGES, { recursive: true });
    copyFileSync(await stack.screenshot(page, '08-provkonton-med-bestallning'), `${DOCS_IMAGES}widget-provkonton.png`);
  });

  it('the vendor rejects with a reason; the partner sees it, corrects and resubmits', async () => {
    vendor = await context.newPage();
    await vendor.goto(stack.api.url);
    const review = vendor.getByRole('region', { name: 'Leverantörens granskning' });
    await review.getByRole('button', { name: 'Avslå Brf Eken' }).click();
    const dialog = vendor.getByRole('dialog', { name: 'Avslå Brf Eken' });
    await dialog.getByRole('button', { name: 'Bekräfta avslag' }).click();
    await dialog.getByText('Ange en anledning.').waitFor();
    await dialog.getByLabel('Anledning').fill('Avtalet saknar firmatecknarens underskrift.');
    await dialog.getByRole('button', { name: 'Bekräfta avslag' }).click();
    await review.getByRole('status').filter({ hasText: 'Beställningen för Brf Eken är avslagen.' }).waitFor();

    // A background tab gets throttled animation frames, which slows every click's stability check.
    await page.bringToFront();
    await page.reload();
    await page.getByRole('button', { name: 'Hantera Brf Eken' }).click();
    await page.getByText('Avtalet saknar firmatecknarens underskrift.').waitFor();
    await page.getByRole('button', { name: 'Rätta och skicka igen', exact: true }).click();
    const flow = page.getByRole('dialog', { name: 'Beställning för Brf Eken' });
    // The licences load after the dialog opens; the rejected order's licence is then preselected.
    await expect.poll(() => flow.getByLabel('Licens').inputValue()).toMatch(/^lic_/);
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await expect(flow.getByLabel('Undertecknarens namn').inputValue()).resolves.toBe('Eva Ek');
    await flow.getByLabel('Undertecknarens namn').fill('Eva Ek (ordförande)');
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await flow.getByText(/Avtal bifogat/).waitFor();
    await flow.getByLabel('Signerat avtal').setInputFiles({ name: 'avtal-signerat.pdf', mimeType: 'application/pdf', buffer: AGREEMENT_PDF });
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await flow.getByRole('button', { name: 'Skicka beställning' }).click();
    await flow.getByRole('status').filter({ hasText: 'Beställningen är inskickad' }).waitFor();
    await flow.getByRole('button', { name: 'Stäng' }).click();
    const orders = await stack.asReseller('GET', '/v1/orders?status=submitted');
    expect(orders.body.data.map((o: { signer: { name: string } }) => o.signer.name)).toEqual(['Eva Ek (ordförande)']);
  });

  it('the vendor opens the agreement PDF and approves the order', async () => {
    await vendor.bringToFront();
    await vendor.reload();
    const review = vendor.getByRole('region', { name: 'Leverantörens granskning' });
    const popup = context.waitForEvent('page');
    await review.getByRole('button', { name: 'Visa avtal för Brf Eken' }).click();
    const pdf = await popup;
    expect(pdf.url()).toMatch(/^blob:/);
    await pdf.close();
    await stack.screenshot(vendor, '09-granskning');
    await review.getByRole('button', { name: 'Godkänn Brf Eken' }).click();
    // Approving cannot be undone: a confirmation names the customer first.
    await review.getByRole('dialog', { name: 'Godkänna beställningen för Brf Eken?' }).getByRole('button', { name: 'Godkänn beställningen' }).click();
    await review.getByRole('status').filter({ hasText: 'Beställningen för Brf Eken är godkänd.' }).waitFor();
    await review.getByText('Inga inskickade beställningar väntar.').waitFor();
    await stack.screenshot(vendor, '10-godkand');
  });

  it('shows the new customer and the revenue chart under Kunder', async () => {
    await page.bringToFront();
    await page.getByRole('tab', { name: 'Kunder' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Brf Eken', exact: true }) });
    await row.waitFor();
    await expect(row.getByRole('cell').nth(1).innerText()).resolves.toBe('Planima Bostadsrätt');
    await expect(text(row.getByRole('cell').nth(2).innerText())).resolves.toBe('12 000 kr');
    const chart = page.getByRole('img', { name: /Stapeldiagram över intäkter per månad/ });
    await chart.waitFor();
    // The demo customer (48 000 kr) and this one (12 000 kr) both count this month.
    await expect(text(chart.getAttribute('aria-label'))).resolves.toContain('60 000 kr');
    await page.getByText('Totalt: Din marginal').waitFor();
    await expect(page.getByRole('definition').filter({ hasText: '12 000 kr' }).count()).resolves.toBeGreaterThan(0);
    copyFileSync(await stack.screenshot(page, '11-kunder'), `${DOCS_IMAGES}widget-kunder.png`);

    // Converted: no longer a trial under Provkonton.
    await page.getByRole('tab', { name: 'Provkonton' }).click();
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
    await expect(page.getByRole('cell', { name: 'Brf Eken', exact: true }).count()).resolves.toBe(0);
    expect((await events()).filter((e) => e.type === 'resellerkit-error')).toEqual([]);
  });
});
