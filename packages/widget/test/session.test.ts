/**
 * Widget sessions when the host changes them underway: a swapped `fetchSession` (another user signs in) discards
 * everything from before it, and any failure of `fetchSession`, a synchronous throw included, can be retried.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './stack.js';

/** The `user.id` a widget token was minted for. */
function userOf(authorization: string | undefined): string | null {
  const token = authorization?.replace(/^Bearer /, '');
  const payload = token?.split('.')[1];
  if (!payload) return null;
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { user?: { id?: string } }).user?.id ?? null;
}

describe('widget sessions swapped or failing underway', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  /** The user of every API call the page made, in order. */
  let callers: (string | null)[];

  beforeAll(async () => {
    stack = await startStack();
    context = await stack.browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'sv-SE' });
    context.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await context?.close();
    await stack?.close();
  });

  const open = async () => {
    page = await context.newPage();
    callers = [];
    page.on('request', (req) => {
      if (req.url().startsWith(`${stack.api.url}/v1/`) && req.method() !== 'OPTIONS') callers.push(userOf(req.headers().authorization));
    });
    await page.goto(stack.partner);
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
  };

  it('never sends the previous user’s token once the host has swapped fetchSession, even when the old one answers last', async () => {
    await open();
    // User "anna" signs in, but her backend is slow; before it answers, "bertil" takes over the page.
    await page.evaluate(() => {
      const w = window as unknown as { release: () => Promise<void> };
      const portal = document.querySelector('resellerkit-portal') as HTMLElement & { fetchSession: unknown };
      portal.fetchSession = () =>
        new Promise((resolve) => {
          w.release = async () => resolve(await (await fetch('/session?user=anna', { method: 'POST' })).json());
        });
    });
    await expect.poll(() => page.evaluate(() => typeof (window as unknown as { release?: unknown }).release)).toBe('function');
    const before = callers.length;
    await page.evaluate(() => {
      const portal = document.querySelector('resellerkit-portal') as HTMLElement & { fetchSession: unknown };
      portal.fetchSession = async () => (await fetch('/session?user=bertil', { method: 'POST' })).json();
    });
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
    // Anna's session arrives after the swap: it must go nowhere.
    await page.evaluate(() => (window as unknown as { release: () => Promise<void> }).release());
    await page.getByRole('button', { name: 'Uppdatera provkontona' }).click();
    await page.getByRole('status').filter({ hasText: 'Listan är uppdaterad.' }).waitFor();
    await page.getByRole('tab', { name: 'Kunder' }).click();
    await page.getByRole('img', { name: /Stapeldiagram/ }).waitFor();
    const after = callers.slice(before);
    expect(after.length).toBeGreaterThanOrEqual(4);
    expect(after.filter((u) => u !== 'bertil')).toEqual([]);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await page.close();
  });

  it('recovers with “Försök igen” after a fetchSession that threw synchronously', async () => {
    await open();
    await page.evaluate(() => {
      let calls = 0;
      const portal = document.querySelector('resellerkit-portal') as HTMLElement & { fetchSession: unknown };
      portal.fetchSession = () => {
        calls++;
        if (calls === 1) throw new Error('the backend is restarting');
        return fetch('/session?user=cecilia', { method: 'POST' }).then((r) => r.json());
      };
    });
    await page.getByRole('alert').filter({ hasText: 'Sidan kunde inte logga in portalen.' }).waitFor();
    await page.getByRole('button', { name: 'Försök igen' }).click();
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    expect(callers.at(-1)).toBe('cecilia');
    await page.close();
  });
});
