/**
 * Trial engagement in Provkonton (issue 20), in a real browser: the badge per row, sorting by it, the
 * "Behöver uppföljning" filter, and resending an invitation from the trial's detail, limited to once a day.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuedParts } from '../../server/src/mail/outbox.js';
import { startStack, type Stack } from './stack.js';

describe('engagement in Provkonton', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;

  /** Accepts the user's invitation as the customer would, from the link in the e-mail; returns the session token. */
  async function accept(email: string): Promise<string> {
    const mail = await stack.api.services.ctx.db.selectFrom('emails').selectAll().where('to_address', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow();
    const token = decodeURIComponent(/token=([\w%-]+)/.exec(queuedParts(mail, stack.api.services.ctx.branding).text)![1]!);
    const res = await fetch(`${stack.api.url}/v1/invitations/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: 'ett långt lösenord' }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { session: { token: string } }).session.token;
  }

  beforeAll(async () => {
    stack = await startStack();
    // Solrosen: both accepted and one edited the plan (Aktiv); Vallen: accepted only (Låg aktivitet); Tangenten: nobody (Ingen inloggning).
    const editor = await accept('ordforande@solrosen.example');
    await accept('kassor@solrosen.example');
    const edited = await fetch(`${stack.api.url}/v1/me/plan`, { method: 'PUT', headers: { authorization: `Bearer ${editor}`, 'content-type': 'application/json' }, body: JSON.stringify({ actions: [] }) });
    expect(edited.status).toBe(200);
    await accept('styrelsen@vallen.example');
    const orgs = (await stack.asReseller('GET', '/v1/organizations?limit=100')).body.data as { id: string; name: string }[];
    const tangenten = orgs.find((o) => o.name === 'Brf Tangenten')!;
    expect((await stack.asReseller('POST', '/v1/trials', { organizationId: tangenten.id, customerType: 'brf', users: [{ email: 'styrelsen@tangenten.example' }] })).status).toBe(201);
    context = await stack.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'sv-SE' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    await page.goto(stack.partner);
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
  });
  afterAll(async () => {
    await context?.close();
    await stack?.close();
  });

  const badgeOf = (name: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) }).locator('td[data-label="Aktivitet"]').innerText();
  const firstRows = async () => (await page.locator('tbody tr td.title').allInnerTexts()).slice(0, 3);

  it('shows a badge per row and sorts by it', async () => {
    expect(await badgeOf('Brf Solrosen')).toBe('Aktiv');
    expect(await badgeOf('Vallens Samfällighetsförening')).toBe('Låg aktivitet');
    expect(await badgeOf('Brf Tangenten')).toBe('Ingen inloggning');
    const sort = page.getByRole('button', { name: 'Aktivitet' });
    const header = page.getByRole('columnheader', { name: 'Aktivitet' });
    await expect(header.getAttribute('aria-sort')).resolves.toBe('none');
    await sort.click();
    await expect(header.getAttribute('aria-sort')).resolves.toBe('ascending');
    expect(await firstRows()).toEqual(['Brf Tangenten', 'Vallens Samfällighetsförening', 'Brf Solrosen']);
    await sort.click();
    await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');
    expect((await firstRows())[0]).toBe('Brf Solrosen');
  });

  it('filters the trials that need follow-up', async () => {
    await page.getByLabel('Behöver uppföljning').check();
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor({ state: 'detached' });
    expect((await page.locator('tbody tr td.title').allInnerTexts()).sort()).toEqual(['Brf Tangenten', 'Vallens Samfällighetsförening']);
    await page.getByLabel('Behöver uppföljning').uncheck();
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
  });

  it("shows each user's status and resends a never-accepted invitation once a day", async () => {
    await page.getByRole('button', { name: 'Hantera Brf Tangenten' }).click();
    const userRow = (email: string) => page.locator('resellerkit-trial-detail').getByRole('row').filter({ has: page.getByRole('cell', { name: email, exact: true }) });
    const user = userRow('styrelsen@tangenten.example');
    await expect(user.locator('td[data-label="Status"]').innerText()).resolves.toMatch(/Inbjuden\s+Senast aktiv: Aldrig/);
    const before = await stack.api.services.ctx.db.selectFrom('emails').select('id').where('to_address', '=', 'styrelsen@tangenten.example').execute();
    await page.getByRole('button', { name: 'Skicka inbjudan igen till styrelsen@tangenten.example' }).click();
    await page.getByRole('status').filter({ hasText: 'Inbjudan har skickats igen till styrelsen@tangenten.example.' }).waitFor();
    const after = await stack.api.services.ctx.db.selectFrom('emails').select('id').where('to_address', '=', 'styrelsen@tangenten.example').execute();
    expect(after).toHaveLength(before.length + 1);
    await page.getByRole('button', { name: 'Skicka inbjudan igen till styrelsen@tangenten.example' }).click();
    await page.getByRole('status').filter({ hasText: 'har redan skickats igen i dag' }).waitFor();

    // An accepted user has nothing to resend, and shows when it was last active.
    await page.getByRole('button', { name: 'Hantera Brf Solrosen' }).click();
    await expect(page.getByRole('button', { name: 'Skicka inbjudan igen till ordforande@solrosen.example' }).count()).resolves.toBe(0);
    const active = userRow('ordforande@solrosen.example');
    await expect(active.locator('td[data-label="Status"]').innerText()).resolves.toMatch(/Aktiv\s+Senast aktiv: \d/);
  });
});
