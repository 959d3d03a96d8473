/**
 * In Chromium, under Kunder (issue 18): a customer's row shows its renewal date and "Säg upp vid periodens slut"; a
 * confirmation marks the licence to end with its year, "Ångra uppsägning" takes it back, and the API agrees each time.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focused, startStack, type Stack } from './stack.js';

interface Customer {
  id: string;
  organizationName: string;
  renewsAt: string;
  status: string;
  cancelAtPeriodEnd: boolean;
}

describe('cancel at the period end from a customer row', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  let customer: Customer;
  const current = async () => (await stack.asReseller('GET', `/v1/customers/${customer.id}`)).body as Customer;

  beforeAll(async () => {
    stack = await startStack();
    customer = (await stack.asReseller('GET', '/v1/customers?status=active&limit=1')).body.data[0];
    context = await stack.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'sv-SE' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await stack?.close();
  });

  it('asks first, marks the customer, shows it in the row, and undoes it', async () => {
    await page.goto(`${stack.partner}/`);
    await page.getByRole('tab', { name: 'Kunder' }).click();
    const name = customer.organizationName;
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
    // The renewal date, as the browser writes it in Swedish.
    const renews = await page.evaluate((iso) => new Intl.DateTimeFormat('sv', { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso)), customer.renewsAt);
    await row.getByRole('cell', { name: renews }).waitFor();

    // Cancelling the question changes nothing.
    await row.getByRole('button', { name: `Säg upp vid periodens slut: ${name}` }).click();
    await row.getByText(`Licensen för ${name} förnyas inte och upphör ${renews}.`).waitFor();
    await row.getByRole('button', { name: 'Avbryt' }).click();
    expect((await current()).cancelAtPeriodEnd).toBe(false);

    await row.getByRole('button', { name: `Säg upp vid periodens slut: ${name}` }).click();
    await row.getByRole('button', { name: 'Bekräfta uppsägning' }).click();
    await row.getByRole('cell', { name: 'Upphör vid periodens slut' }).waitFor();
    await page.getByRole('status').filter({ hasText: `Licensen för ${name} förnyas inte och upphör ${renews}.` }).waitFor();
    expect(await focused(page)).toBe(`Ångra uppsägning: ${name}`);
    expect((await current()).cancelAtPeriodEnd).toBe(true);

    // A reload shows what the API holds.
    await page.reload();
    await page.getByRole('tab', { name: 'Kunder' }).click();
    await row.getByRole('button', { name: `Ångra uppsägning: ${name}` }).click();
    await row.getByRole('cell', { name: 'Aktiv', exact: true }).waitFor();
    await row.getByRole('button', { name: `Säg upp vid periodens slut: ${name}` }).waitFor();
    expect((await current()).cancelAtPeriodEnd).toBe(false);
  });
});
