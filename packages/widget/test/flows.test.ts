/**
 * What a person meets on the way, each case from issue 15: no lost click, extension limits said plainly, a rejected
 * order corrected (customer type included), drafts kept, focus never on the page body, lists that follow the vendor's
 * decisions, and a chart readable on a phone.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_NAMES, REJECTION, seedCrowdedPortal } from './fixtures.js';
import { AGREEMENT_PDF, focused, startStack, type Stack } from './stack.js';

/** True when keyboard focus has fallen out of every element onto the page body. */
const onBody = (page: Page) => page.evaluate(() => document.activeElement === document.body || document.activeElement === null);

describe('flows a person goes through', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    await seedCrowdedPortal(stack);
    context = await stack.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'sv-SE' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await stack?.close();
  });

  const openPortal = async (query = '', width = 1280) => {
    await page.setViewportSize({ width, height: 1000 });
    await page.goto(`${stack.partner}/${query}`);
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
  };
  const trialOf = async (name: string) => (await stack.asReseller('GET', '/v1/trials?limit=100')).body.data.find((t: { organizationName: string }) => t.organizationName === name);

  it('a corrected e-mail address does not move “Skapa provkonto” away from the click (375 px)', async () => {
    await openPortal('', 375);
    await page.getByRole('button', { name: 'Nytt provkonto' }).click();
    const dialog = page.getByRole('dialog', { name: 'Nytt provkonto' });
    await dialog.getByLabel('Organisation').selectOption({ label: 'Brf Eken' });
    await dialog.getByLabel('Kundtyp').selectOption({ label: 'Bostadsrättsförening' });
    await dialog.getByLabel('E-postadresser').fill('anna@eken.example, bo@eken, carl.example');
    await dialog.getByRole('button', { name: 'Skapa provkonto' }).click();
    await dialog.getByText('Ogiltiga e-postadresser: bo@eken och carl.example').waitFor();
    await dialog.getByLabel('E-postadresser').fill('anna@eken.example, bo@eken.example');
    const button = dialog.getByRole('button', { name: 'Skapa provkonto' });
    const before = await button.boundingBox();
    // Leaving the field (what a mouse press on the button does first) changes nothing under the pointer.
    await dialog.getByLabel('E-postadresser').blur();
    expect(await button.boundingBox()).toEqual(before);
    await button.click();
    await page.getByRole('status').filter({ hasText: 'Provkontot för Brf Eken är skapat' }).waitFor();
  });

  it('extending says the latest end date, uses its own messages, and clears an old success when a new attempt fails', async () => {
    await openPortal();
    await page.getByRole('button', { name: 'Hantera Brf Solrosen' }).click();
    const days = page.getByLabel('Förläng med antal dagar');
    await page.getByText(/Högst 60 dagar till, så att det slutar senast \d+ \S+ \d{4} \(90 dagar totalt\)/).waitFor();
    await expect(days.evaluate((el) => (el as HTMLInputElement).form!.noValidate)).resolves.toBe(true);
    await days.fill('5');
    await page.getByRole('button', { name: 'Förläng provkontot' }).click();
    await page.getByRole('status').filter({ hasText: 'Provkontot gäller nu till' }).waitFor();
    expect(await focused(page)).toBe('Förläng provkontot');
    await days.fill('90');
    await page.getByRole('button', { name: 'Förläng provkontot' }).click();
    await page.getByText(/Ange 1–55 dagar; provkontot kan gälla till senast/).waitFor();
    await expect(page.getByRole('status').filter({ hasText: 'Provkontot gäller nu till' }).count()).resolves.toBe(0);
    expect(await focused(page)).toBe('Förläng med antal dagar');
  });

  it('focus stays on what the person works with: adding, a role by keyboard, removing, refreshing', async () => {
    const email = page.getByLabel('Ny användares e-post');
    await email.fill('erik@solrosen.example');
    await email.press('Enter');
    await page.getByRole('status').filter({ hasText: 'erik@solrosen.example har bjudits in.' }).waitFor();
    expect(await focused(page)).toBe('Ny användares e-post');

    await page.getByLabel('Roll för erik@solrosen.example').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('status').filter({ hasText: 'Rollen för erik@solrosen.example är ändrad.' }).waitFor();
    expect(await focused(page)).toBe('Roll för erik@solrosen.example');

    await page.getByRole('button', { name: 'Ta bort erik@solrosen.example' }).press('Enter');
    await page.getByRole('status').filter({ hasText: 'erik@solrosen.example har tagits bort.' }).waitFor();
    expect(await focused(page)).toBe('Ny användares e-post');

    await page.getByRole('button', { name: 'Uppdatera provkontona' }).press('Enter');
    await page.getByRole('status').filter({ hasText: 'Listan är uppdaterad.' }).waitFor();
    expect(await focused(page)).toBe('Uppdatera provkontona');
    expect(await onBody(page)).toBe(false);
  });

  it('correcting a rejected order: the reason in the dialog, the customer type corrected, the file named, the draft kept on Escape', async () => {
    const name = LONG_NAMES.rejected;
    await page.getByRole('button', { name: `Hantera ${name}` }).click();
    await page.getByText('Avtal bifogat: slutkundsavtal-signerat-av-styrelsen-2026.pdf').waitFor();
    await page.getByRole('button', { name: 'Rätta och skicka igen', exact: true }).click();
    const flow = page.getByRole('dialog', { name: `Beställning för ${name}` });
    await flow.getByText(REJECTION).waitFor();
    await expect.poll(() => flow.getByLabel('Licens').inputValue()).toMatch(/^lic_/);

    // A municipality needs the public-sector licence: correct the type, and the licences follow it.
    await flow.getByLabel('Kundtyp').selectOption({ label: 'Kommun/region' });
    await expect(flow.getByLabel('Licens').inputValue()).resolves.toBe('');
    await expect(flow.getByLabel('Licens').locator('option').allInnerTexts().then((o) => o.map((x) => x.replace(/\s/g, ' ')))).resolves.toEqual(['Välj licens', 'Planima Offentlig – 96 000 kr']);
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await flow.getByText('Välj en licens.').waitFor();
    await flow.getByLabel('Licens').selectOption({ label: 'Planima Offentlig – 96 000 kr' });
    await expect(flow.getByText('Välj en licens.').count()).resolves.toBe(0);
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await flow.getByRole('status').filter({ hasText: 'Provkontots kundtyp är nu Kommun/region.' }).waitFor();
    expect((await trialOf(name)).customerType).toBe('municipality');
    // "Fakturering" once on this step, as the heading of its fields.
    await expect(flow.getByText('Fakturering', { exact: true }).count()).resolves.toBe(1);

    await flow.getByLabel('Undertecknarens namn').fill('Margareta Andersson-Lindqvist (ordförande)');
    await page.keyboard.press('Escape');
    await expect.poll(() => flow.isVisible()).toBe(false);
    expect(await focused(page)).toBe('Rätta och skicka igen');
    await page.getByRole('button', { name: 'Rätta och skicka igen', exact: true }).click();
    await expect.poll(() => flow.getByLabel('Undertecknarens namn').inputValue()).toBe('Margareta Andersson-Lindqvist (ordförande)');
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await flow.getByText('Avtal bifogat: slutkundsavtal-signerat-av-styrelsen-2026.pdf').waitFor();
    // Our own file picker, in Swedish: the browser's own button text never shows.
    await flow.getByText('Byt fil', { exact: true }).waitFor();
    await flow.getByLabel('Signerat avtal').setInputFiles({ name: 'avtal-med-firmatecknare.pdf', mimeType: 'application/pdf', buffer: AGREEMENT_PDF });
    await flow.getByText(/^avtal-med-firmatecknare\.pdf \(\d+ B\)$/).waitFor();
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await flow.getByRole('heading', { name: /Granska/ }).waitFor();
    await flow.getByRole('button', { name: 'Skicka beställning' }).click();
    await flow.getByRole('status').filter({ hasText: 'Beställningen är inskickad' }).waitFor();
    expect(await focused(page)).toBe('Stäng');
    await flow.getByRole('button', { name: 'Stäng' }).press('Enter');
    // The button that opened the dialog is gone (the order is in): focus returns to the trial's row.
    await expect.poll(() => focused(page)).toBe(`Hantera ${name}`);
    const order = (await stack.asReseller('GET', '/v1/orders?status=submitted&limit=100')).body.data.find((o: { signer: { name: string } }) => o.signer.name.endsWith('(ordförande)'));
    expect(order.agreement.filename).toBe('avtal-med-firmatecknare.pdf');
  });

  it('a new order starts with the organization’s name and number', async () => {
    await page.getByRole('button', { name: 'Hantera Vallens Samfällighetsförening' }).click();
    await page.getByRole('button', { name: 'Påbörja beställning', exact: true }).click();
    const flow = page.getByRole('dialog', { name: 'Beställning för Vallens Samfällighetsförening' });
    await expect.poll(() => flow.getByLabel('Licens').locator('option').count()).toBeGreaterThan(1);
    await flow.getByLabel('Licens').selectOption({ index: 1 });
    await flow.getByRole('button', { name: 'Nästa' }).click();
    await expect(flow.getByLabel('Organisationsnummer').inputValue()).resolves.toBe('717900-5555');
    await expect(flow.getByLabel('Fakturamottagare').inputValue()).resolves.toBe('Vallens Samfällighetsförening');
    await page.keyboard.press('Escape');
  });

  it('the vendor’s decisions reach Provkonton without a reload; focus goes to the queue’s heading', async () => {
    await openPortal('?review=1');
    const review = page.locator('resellerkit-order-review');
    const [first, second] = LONG_NAMES.submitted;
    await page.getByRole('cell', { name: first, exact: true }).waitFor();
    await review.getByRole('button', { name: `Godkänn ${first}` }).click();
    await review.getByRole('button', { name: 'Godkänn beställningen' }).press('Enter');
    await review.getByRole('status').filter({ hasText: `Beställningen för ${first} är godkänd.` }).waitFor();
    expect(await focused(page)).toBe('Beställningar att granska');
    // Converted: it leaves Provkonton on its own.
    await expect.poll(() => page.getByRole('cell', { name: first, exact: true }).count()).toBe(0);

    await review.getByRole('button', { name: `Avslå ${second}` }).click();
    await review.getByLabel('Anledning').fill('Fel licens för en samfällighet.');
    await review.getByRole('button', { name: 'Bekräfta avslag' }).press('Enter');
    await review.getByRole('status').filter({ hasText: `Beställningen för ${second} är avslagen.` }).waitFor();
    expect(await focused(page)).toBe('Beställningar att granska');
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: second, exact: true }) });
    await row.getByText('Beställning avslagen').waitFor();
  });

  it('a decision made elsewhere shows when the person comes back to the page', async () => {
    const third = LONG_NAMES.submitted[2];
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: third, exact: true }) });
    await row.getByText('Beställning inskickad').waitFor();
    const order = (await stack.asReseller('GET', '/v1/orders?status=submitted&limit=100')).body.data.find((o: { invoicing: { name: string } }) => o.invoicing.name === third);
    expect((await stack.asAdmin('POST', `/v1/admin/orders/${order.id}/reject`, { reason: 'Saknar bilaga.' })).status).toBe(200);
    // What the browser does when the person switches back to this window or tab.
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await row.getByText('Beställning avslagen').waitFor();
  });

  it('manages a customer’s users under Kunder like a trial’s, focus kept', async () => {
    await openPortal();
    await page.getByRole('tab', { name: 'Kunder' }).click();
    await page.getByRole('button', { name: 'Hantera Hamnens Fastigheter AB' }).click();
    await page.getByRole('cell', { name: 'forvaltning@hamnen.example', exact: true }).waitFor();
    const email = page.getByLabel('Ny användares e-post');
    await email.fill('ekonomi@hamnen.example');
    await email.press('Enter');
    await page.getByRole('status').filter({ hasText: 'ekonomi@hamnen.example har bjudits in.' }).waitFor();
    expect(await focused(page)).toBe('Ny användares e-post');
    await email.fill('ekonomi@hamnen.example');
    await email.press('Enter');
    await page.getByText('ekonomi@hamnen.example har redan tillgång.').waitFor();
    await page.getByLabel('Roll för ekonomi@hamnen.example').selectOption({ label: 'Läsare' });
    await page.getByRole('status').filter({ hasText: 'Rollen för ekonomi@hamnen.example är ändrad.' }).waitFor();
    const customer = (await stack.asReseller('GET', '/v1/customers?limit=100')).body.data.find((c: { organizationName: string }) => c.organizationName === 'Hamnens Fastigheter AB');
    const users = (await stack.asReseller('GET', `/v1/customers/${customer.id}/users`)).body.data;
    expect(users.map((u: { email: string; role: string }) => `${u.email}:${u.role}`)).toEqual(['forvaltning@hamnen.example:editor', 'ekonomi@hamnen.example:reader']);
    await page.getByRole('button', { name: 'Ta bort ekonomi@hamnen.example' }).click();
    await page.getByRole('status').filter({ hasText: 'ekonomi@hamnen.example har tagits bort.' }).waitFor();
    expect(await focused(page)).toBe('Ny användares e-post');
    expect((await stack.asReseller('GET', `/v1/customers/${customer.id}/users`)).body.data).toHaveLength(1);
  });

  it('the chart keeps readable labels and a value axis at 375 px', async () => {
    await openPortal('', 375);
    await page.getByRole('tab', { name: 'Kunder' }).click();
    const chart = page.getByRole('img', { name: /Stapeldiagram/ });
    await chart.waitFor();
    const labels = await chart.evaluate((svg) =>
      [...svg.querySelectorAll('text')].map((t) => ({ text: t.textContent!.replace(/\s/g, ' '), height: t.getBoundingClientRect().height, anchor: t.getAttribute('text-anchor') })),
    );
    const axis = labels.filter((l) => l.anchor === 'end');
    expect(axis.length).toBeGreaterThanOrEqual(3);
    expect(axis.map((l) => l.text)).toContain('0 kr');
    expect(Math.min(...labels.map((l) => l.height))).toBeGreaterThanOrEqual(11);
  });
});
