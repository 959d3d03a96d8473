/**
 * The signing page in real headless Chromium at a phone's width (375 px), served with the service's page policy:
 * nothing overflows sideways, the consent checkbox is labelled, the policy blocks nothing, and signing works
 * without JavaScript through the plain form posts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagePolicy } from '../../http/page-policy.js';
import { chooseLocale } from './accept-language.js';
import { agreementData } from './fixtures.testing.js';
import { readDeclineForm, readSignForm } from './signing-form.js';
import { renderSigningPage, signingPageStatus, type SigningPageState } from './signing-page.js';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const TOKEN = 'Q'.repeat(43);
// Long words without a break point are what push a phone page sideways.
const agreement = agreementData({
  organization: { name: `Bostadsrättsföreningen${'Solrosenivästerås'.repeat(6)}`, orgNumber: '769600-1234' },
  signer: { name: 'Åsa Ek', email: `asa.ek.styrelseordforande.${'x'.repeat(60)}@brf-solrosen-i-vasteras.se` },
});

let server: Server;
let base: string;
let browser: Browser;
const posts: Record<string, string>[] = [];

function answer(res: import('node:http').ServerResponse, state: SigningPageState, locale: 'sv' | 'en') {
  const html = renderSigningPage(state, locale);
  res.writeHead(signingPageStatus(state), { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': pagePolicy(html) });
  res.end(html);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // The browser asks for an icon the service serves elsewhere; answering it keeps the console clean.
    if (url.pathname === '/favicon.ico') return res.writeHead(204).end();
    const locale = chooseLocale(url.searchParams.get('lang'), req.headers['accept-language']);
    if (!url.pathname.startsWith(`/sign/${TOKEN}`)) return answer(res, { kind: 'invalid', reason: 'unknown' }, locale);
    if (req.method !== 'POST') return answer(res, { kind: 'ready', token: TOKEN, agreement, expiresAt: new Date('2026-12-15T09:00:00Z') }, locale);
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const fields = Object.fromEntries(new URLSearchParams(body));
      posts.push(fields);
      if (url.pathname.endsWith('/decline')) {
        const read = readDeclineForm(fields);
        return answer(res, read.ok ? { kind: 'declined', organizationName: agreement.organization.name } : { kind: 'ready', token: TOKEN, agreement, expiresAt: new Date(), form: { declineFaults: read.faults } }, locale);
      }
      const read = readSignForm(fields);
      answer(res, read.ok ? { kind: 'signed', signerName: read.value.name, signedAt: new Date('2026-12-03T13:45:07Z'), organizationName: agreement.organization.name } : { kind: 'ready', token: TOKEN, agreement, expiresAt: new Date(), form: { name: fields.name, signFaults: read.faults } }, locale);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

async function phone(locale = 'sv-SE'): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, javaScriptEnabled: false, locale });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { page, problems, close: () => context.close() };
}

/** Resolves once a form post has been answered; the caller then waits for what the answer shows. */
const posted = async (page: Page) => {
  await page.waitForResponse((r) => r.request().method() === 'POST');
  await page.waitForLoadState();
};

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('signing page on a phone', () => {
  it('fits 375 px, labels the consent checkbox, and signs through the form without JavaScript', async () => {
    const { page, problems, close } = await phone();
    await page.goto(`${base}/sign/${TOKEN}`);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    const consent = page.getByRole('checkbox', { name: 'Jag har läst och godkänner avtalet' });
    expect(await consent.count()).toBe(1);
    expect(await page.getByLabel('Ditt namn').count()).toBe(1);
    expect(await page.getByLabel('Anledning').count()).toBe(1);
    for (const name of ['Signera avtalet', 'Avböj']) {
      const box = await page.getByRole('button', { name, exact: true }).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 375).toBe(true);
    }
    expect(await page.getByRole('link', { name: 'Visa avtalet (PDF)' }).getAttribute('href')).toBe(`/sign/${TOKEN}/agreement.pdf`);

    // The browser holds back a post without consent (the field is required).
    await page.getByLabel('Ditt namn').fill('Åsa Ek');
    await page.getByRole('button', { name: 'Signera avtalet' }).click();
    expect(await consent.evaluate((el) => (el as HTMLInputElement).validity.valueMissing)).toBe(true);
    expect(posts).toHaveLength(0);

    // Tapping the label's text ticks the box.
    await page.getByText('Jag har läst och godkänner avtalet').click();
    expect(await consent.isChecked()).toBe(true);
    await Promise.all([posted(page), page.getByRole('button', { name: 'Signera avtalet' }).click()]);
    expect(page.url()).toBe(`${base}/sign/${TOKEN}?lang=sv`);
    expect(posts.at(-1)).toEqual({ name: 'Åsa Ek', consent: 'yes' });
    await page.getByRole('heading', { level: 1, name: 'Tack, avtalet är signerat', exact: true }).waitFor({ timeout: 10_000 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await close();
  });

  it('shows the English page by Accept-Language, declines with a reason, and shows faults a post had', async () => {
    const { page, problems, close } = await phone('en-GB');
    await page.goto(`${base}/sign/${TOKEN}`);
    expect(await page.getByRole('checkbox', { name: 'I have read and accept the agreement' }).count()).toBe(1);
    await page.getByLabel('Reason').fill('Wrong licence, we want BRF Plus.');
    await Promise.all([posted(page), page.getByRole('button', { name: 'Decline', exact: true }).click()]);
    expect(posts.at(-1)).toEqual({ reason: 'Wrong licence, we want BRF Plus.' });
    await page.getByRole('heading', { level: 1, name: 'You declined the agreement', exact: true }).waitFor({ timeout: 10_000 });

    // A whitespace-only name passes the browser's `required` but not the server: the page comes back with the fault.
    await page.goto(`${base}/sign/${TOKEN}?lang=sv`);
    await page.getByLabel('Ditt namn').fill('   ');
    await page.getByRole('checkbox').check();
    await Promise.all([posted(page), page.getByRole('button', { name: 'Signera avtalet' }).click()]);
    await page.getByRole('alert').waitFor({ timeout: 10_000 });
    expect(await page.getByRole('alert').textContent()).toBe('Skriv ditt namn.');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(problems.filter((p) => !p.includes('422'))).toEqual([]);
    await close();
  });

  it('answers an unknown link with a page that fits too', async () => {
    const { page, problems, close } = await phone();
    const response = await page.goto(`${base}/sign/nope`);
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Länken är ogiltig', exact: true }).waitFor({ timeout: 10_000 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(problems.filter((p) => !p.includes('404'))).toEqual([]);
    await close();
  });
});
