import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focused, startStack, type Stack } from './stack.js';

describe('<resellerkit-portal>: English, keyboard-only use, narrow screens, and origin binding', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    context = await stack.browser.newContext({ viewport: { width: 1000, height: 800 } });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await stack?.close();
  });

  it('speaks English with locale="en", and follows the page lang when the attribute is absent', async () => {
    await page.goto(`${stack.partner}/?locale=en`);
    await expect(page.getByRole('tab', { name: 'Trial accounts' }).getAttribute('aria-selected')).resolves.toBe('true');
    await page.getByRole('columnheader', { name: 'Days left' }).waitFor();
    await page.getByRole('button', { name: 'New trial account' }).click();
    const dialog = page.getByRole('dialog', { name: 'New trial account' });
    await dialog.getByLabel('Organization').waitFor();
    await dialog.getByLabel('Customer type').selectOption({ label: 'Housing cooperative' });
    await dialog.getByLabel('E-mail addresses').fill('nope');
    await dialog.getByRole('button', { name: 'Create trial account' }).click();
    await dialog.getByText('Invalid e-mail address: nope').waitFor();
    await stack.screenshot(page, 'en-01-new-trial');
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'Customers' }).click();
    await page.getByRole('img', { name: /Bar chart of revenue per month/ }).waitFor();
    await stack.screenshot(page, 'en-02-customers');

    await page.goto(`${stack.partner}/?lang=en-GB`);
    await page.getByRole('tab', { name: 'Trial accounts' }).waitFor();
    await page.goto(`${stack.partner}/?lang=de`);
    await page.getByRole('tab', { name: 'Provkonton' }).waitFor();
  });

  it('works at 360 px without sideways scrolling', async () => {
    const narrow = await context.newPage();
    await narrow.setViewportSize({ width: 360, height: 740 });
    await narrow.goto(stack.partner);
    await narrow.getByRole('button', { name: 'Hantera Brf Solrosen' }).click();
    await narrow.getByLabel('Ny användares e-post').waitFor();
    await expect(narrow.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(360);
    await stack.screenshot(narrow, 'narrow-360');
    await narrow.close();
  });

  it('operates the tabs and the create form with the keyboard alone', async () => {
    await page.goto(stack.partner);
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Provkonton');
    const selected = () => page.getByRole('tab', { selected: true }).innerText();
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('Kunder');
    expect(await selected()).toBe('Kunder');
    await page.getByRole('heading', { name: 'Kunder' }).waitFor();
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('Provkonton');
    await page.keyboard.press('End');
    expect(await selected()).toBe('Kunder');
    await page.keyboard.press('Home');
    expect(await selected()).toBe('Provkonton');
    await page.keyboard.press('ArrowLeft');
    expect(await selected()).toBe('Kunder');
    await page.keyboard.press('ArrowLeft');
    expect(await selected()).toBe('Provkonton');
    // Roving tabindex: only the selected tab is in the tab order, so Tab leaves the tab list.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Nytt provkonto');

    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Nytt provkonto' });
    await dialog.waitFor();
    await expect.poll(() => focused(page)).toBe('Organisation');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await focused(page)).toBe('Nytt provkonto');

    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toBe('Organisation');
    await expect.poll(() => dialog.getByLabel('Organisation').locator('option').count()).toBeGreaterThan(2);
    await page.keyboard.type('Brf T');
    await expect.poll(() => dialog.getByLabel('Organisation').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('Brf Tangenten');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Kundtyp');
    await page.keyboard.type('Fast');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('E-postadresser');
    await page.keyboard.type('kalle@tangenten.example kajsa@tangenten.example');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Avbryt');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Skapa provkonto');
    await stack.screenshot(page, 'keyboard-01-form');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Provkontot för Brf Tangenten är skapat' }).waitFor();
    await expect.poll(() => focused(page)).toBe('Nytt provkonto');
    const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Brf Tangenten', exact: true }) });
    await expect(row.getByRole('cell').nth(1).innerText()).resolves.toBe('Fastighetsbolag');
    await expect(row.getByRole('cell').nth(2).innerText()).resolves.toBe('2');
    await stack.screenshot(page, 'keyboard-02-created');
  });

  it('asks fetchSession again after a 401 (once), and before a token runs out', async () => {
    await page.goto(stack.partner);
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
    // First a token the server refuses, then real ones that expire within the refresh margin.
    await page.evaluate(() => {
      const w = window as unknown as { __calls: number };
      w.__calls = 0;
      const portal = document.querySelector('resellerkit-portal') as HTMLElement & { fetchSession: () => Promise<unknown> };
      portal.fetchSession = async () => {
        w.__calls++;
        if (w.__calls === 1) return { token: 'not.a.token' };
        const res = await fetch('/session', { method: 'POST' });
        const { token } = await res.json();
        return { token, expiresAt: Date.now() + 30_000 };
      };
    });
    const calls = () => page.evaluate(() => (window as unknown as { __calls: number }).__calls);
    // Two parallel requests (trials and orders) both got the 401: they share one refresh.
    await expect.poll(calls).toBe(2);
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    // The cached token is within a minute of expiry, so the next load fetches a new one first.
    await page.getByRole('tab', { name: 'Kunder' }).click();
    await page.getByRole('img', { name: /Stapeldiagram/ }).waitFor();
    expect(await calls()).toBe(3);
  });

  it('refuses a token replayed from another origin, says why in the widget’s language, and gives the host the server’s message', async () => {
    // This origin is allowed for a different reseller, so CORS lets the answer through: the token itself is refused.
    const foreign = await context.newPage();
    await foreign.goto(stack.foreign);
    const alert = foreign.getByRole('alert').filter({ hasText: 'Inloggningen gäller en annan webbplats än den här sidan.' });
    await alert.first().waitFor();
    const errors = await foreign.evaluate(() => (window as unknown as { __events: { type: string; detail: { status: number; type: string } }[] }).__events.filter((e) => e.type === 'resellerkit-error'));
    expect(errors[0]?.detail).toMatchObject({ status: 401, type: 'authentication_error', code: 'session_origin_mismatch', message: 'The widget session is bound to another origin than this page.' });
    await stack.screenshot(foreign, 'foreign-origin-refused');

    // An origin no reseller allows gets no CORS headers at all: the browser does not even hand over the answer.
    await foreign.goto(stack.foreign.replace('localhost', '127.0.0.1'));
    await foreign.getByRole('alert').first().waitFor();
    await foreign.close();

    const minted = await stack.asReseller('POST', '/v1/widget-sessions', { origin: stack.partner });
    const call = (origin: string) => fetch(`${stack.api.url}/v1/trials`, { headers: { authorization: `Bearer ${minted.body.token}`, origin } });
    expect((await call(stack.partner)).status).toBe(200);
    const refused = await call(stack.foreign);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(stack.foreign);
  });
});
