/**
 * @module /docs in real Chromium: the reference renders our operations (grouped by tag, with summaries and examples),
 * try-it answers from this server, the page keeps its policy, and no request leaves 127.0.0.1.
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('the API reference at /docs', () => {
  let h: Harness;
  let server: ServerType;
  let browser: Browser;
  let page: Page;
  let base = '';
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    h = await createHarness('sqlite');
    server = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    page = await browser.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/docs`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    await h?.close();
  });

  it('renders the operations grouped by tag, with their summaries', async () => {
    const sidebar = page.getByRole('complementary', { name: /Sidebar/ });
    await sidebar.getByRole('link', { name: 'Trials', exact: true }).waitFor({ timeout: 30_000 });
    for (const tag of ['Vendor', 'Organizations', 'Trials', 'Orders', 'Customers', 'Revenue', 'Events', 'Webhooks']) {
      expect(await sidebar.getByRole('link', { name: tag, exact: true }).count(), tag).toBe(1);
    }
    // Opening a tag lists its operations by summary: the summary is what the reader navigates by.
    await sidebar.getByRole('button', { name: 'Open Group - Trials' }).click();
    await sidebar.getByRole('link', { name: /Create a trial account/ }).waitFor();
    await sidebar.getByRole('link', { name: /Create a trial account/ }).click();
    // The request body example from the contract (src/contract/examples.ts).
    await page.getByText('anna@solrosen.se').first().waitFor();
  });

  it('tries an operation against this same server', async () => {
    await page.getByRole('link', { name: /Check that the service and its store answer/ }).click();
    await page.getByRole('button', { name: /Test Request/ }).first().click();
    const answered = page.waitForResponse((r) => r.url() === `${base}/healthz`);
    await page.getByRole('button', { name: /^Send Request/ }).first().click();
    const res = await answered;
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: 'sqlite' });
  });

  it('sends no request to any other host, and keeps its policy', async () => {
    expect(requests.length).toBeGreaterThan(1);
    const foreign = requests.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith('data:') && !u.startsWith('blob:'));
    expect(foreign).toEqual([]);
    expect(requests).toEqual(expect.arrayContaining([`${base}/docs/scalar.js`, `${base}/openapi.json`]));
    expect(problems.filter((p) => /Content Security Policy|Refused/i.test(p))).toEqual([]);
  });
});
