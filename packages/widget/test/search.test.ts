/**
 * Issue 17, part 1, in a real browser: the search field over Provkonton and Kunder asks the server as one types (a
 * pause after the last key, one request for a word typed at speed), and an orderable trial's row starts its order.
 */
import type { BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGREEMENT_PDF, DEMO_RESELLER_KEY, startStack, type Stack } from './stack.js';

async function ok<T = any>(p: Promise<{ status: number; body: T }>): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`fixture call failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

describe('searching the lists and ordering from a row', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  const searches: string[] = [];

  /** A trial for a new organization, its users invited by e-mail. */
  const trial = async (name: string, emails: string[]) => {
    const org = await ok(stack.asReseller('POST', '/v1/organizations', { name }));
    return ok(stack.asReseller('POST', '/v1/trials', { organizationId: org.id, customerType: 'brf', users: emails.map((email) => ({ email })) }));
  };

  /** A trial whose order the vendor approved: a customer. */
  const customer = async (name: string, email: string) => {
    const t = await trial(name, [email]);
    const licences = await ok<{ data: { id: string; customerType: string }[] }>(stack.asReseller('GET', '/v1/licences'));
    const order = await ok(
      stack.asReseller('POST', `/v1/trials/${t.id}/orders`, {
        licenceId: licences.data.find((l) => l.customerType === 'brf')!.id,
        invoicing: { name, orgNumber: '769622-1234', email: 'faktura@example.se' },
        signer: { name: 'Eva Ek', email: 'eva@example.se' },
      }),
    );
    const upload = await fetch(`${stack.api.url}/v1/orders/${order.id}/agreement`, { method: 'PUT', headers: { authorization: `Bearer ${DEMO_RESELLER_KEY}`, 'content-type': 'application/pdf' }, body: AGREEMENT_PDF });
    expect(upload.status).toBe(200);
    await ok(stack.asReseller('POST', `/v1/orders/${order.id}/submit`));
    await ok(stack.asAdmin('POST', `/v1/admin/orders/${order.id}/approve`));
  };

  beforeAll(async () => {
    stack = await startStack();
    await trial('Brf Sökträffen', ['kassor@soktraffen.example']);
    await trial('Café Émile Bostäder', ['info@emile.example']);
    await customer('Brf Kundträffen', 'ordforande@kundtraffen.example');
    await customer('Brf Andra Kunden', 'styrelsen@andra.example');
    context = await stack.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'sv-SE' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    page.on('request', (r: Request) => {
      const q = new URL(r.url()).searchParams.get('q');
      if (q !== null) searches.push(`${new URL(r.url()).pathname}?q=${q}`);
    });
    await page.goto(stack.partner);
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await stack?.close();
  });

  const cell = (name: string) => page.getByRole('cell', { name, exact: true });

  it('filters Provkonton by part of a name as one types, with one request for a word typed at speed', async () => {
    const search = page.getByRole('searchbox', { name: 'Sök kund' });
    await search.pressSequentially('sökträff', { delay: 20 });
    await cell('Brf Solrosen').waitFor({ state: 'detached' });
    await cell('Brf Sökträffen').waitFor();
    await expect(cell('Café Émile Bostäder').count()).resolves.toBe(0);
    expect(searches).toEqual(['/v1/trials?q=sökträff']);
  });

  it("finds a trial by a user's e-mail, and by a name without its accents", async () => {
    const search = page.getByRole('searchbox', { name: 'Sök kund' });
    await search.fill('kassor@soktraffen');
    await expect.poll(() => searches.at(-1)).toBe('/v1/trials?q=kassor@soktraffen');
    await cell('Brf Sökträffen').waitFor();
    await search.fill('cafe emile');
    await cell('Café Émile Bostäder').waitFor();
    await cell('Brf Sökträffen').waitFor({ state: 'detached' });
    await search.fill('ingen sådan förening');
    await page.getByText('Inget matchar sökningen.').waitFor();
  });

  it('abandons a slow search that a newer one overtook, so its answer never replaces the newer list', async () => {
    const search = page.getByRole('searchbox', { name: 'Sök kund' });
    await page.route(/q=caf/, async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue().catch(() => undefined);
    });
    const aborted: string[] = [];
    page.on('requestfailed', (r) => aborted.push(new URL(r.url()).searchParams.get('q') ?? ''));
    await search.fill('cafe');
    await expect.poll(() => searches.at(-1)).toBe('/v1/trials?q=cafe');
    await search.fill('sökträff');
    await cell('Brf Sökträffen').waitFor();
    await expect.poll(() => aborted).toEqual(['cafe']);
    await page.waitForTimeout(1800);
    await expect(cell('Café Émile Bostäder').count()).resolves.toBe(0);
    await cell('Brf Sökträffen').waitFor();
    await page.unroute(/q=caf/);
  });

  it("starts the order from the trial's own row, with “Hantera” beside it", async () => {
    const search = page.getByRole('searchbox', { name: 'Sök kund' });
    // By keyboard: the field clears with Escape, then takes the new term.
    await search.press('Escape');
    await search.pressSequentially('träffen', { delay: 20 });
    const row = page.getByRole('row').filter({ has: cell('Brf Sökträffen') });
    await row.waitFor();
    await expect(row.getByRole('button').allInnerTexts()).resolves.toEqual(['Påbörja beställning', 'Hantera']);
    await row.getByRole('button', { name: 'Påbörja beställning: Brf Sökträffen' }).click();
    const dialog = page.getByRole('dialog', { name: 'Beställning för Brf Sökträffen' });
    await dialog.getByLabel('Licens').waitFor();
    await dialog.getByRole('button', { name: 'Avbryt' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('keeps a search typed while the whole list still loads, when that list arrives later', async () => {
    const slowList = /\/v1\/trials\?status=[^&]*&limit/;
    await page.route(slowList, async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue().catch(() => undefined);
    });
    await page.reload();
    await page.getByRole('searchbox', { name: 'Sök kund' }).fill('sökträff');
    await cell('Brf Sökträffen').waitFor();
    await page.waitForTimeout(1800);
    await expect(cell('Brf Solrosen').count()).resolves.toBe(0);
    await cell('Brf Sökträffen').waitFor();
    await page.unroute(slowList);
  });

  it('filters Kunder the same way, by name and by e-mail', async () => {
    await page.getByRole('tab', { name: 'Kunder' }).click();
    await cell('Brf Andra Kunden').waitFor();
    const search = page.getByRole('searchbox', { name: 'Sök kund' });
    await search.fill('kundträff');
    await cell('Brf Andra Kunden').waitFor({ state: 'detached' });
    await cell('Brf Kundträffen').waitFor();
    await search.fill('styrelsen@andra');
    await cell('Brf Andra Kunden').waitFor();
    await cell('Brf Kundträffen').waitFor({ state: 'detached' });
    expect(searches.filter((s) => s.startsWith('/v1/customers')).at(-1)).toBe('/v1/customers?q=styrelsen@andra');
  });
});
