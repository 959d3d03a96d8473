/**
 * Kunder's revenue (issue 18.5) in Chromium against the real API: the months earned beside the twelve ahead from
 * `GET /v1/revenue/forecast`, a reversal below the axis, "Visa som tabell" with the API's figures, and statements
 * downloaded byte for byte as the API writes them. Also the lazily loaded views: "Laddar …" while a chunk loads, the
 * failure UI when it cannot, and "Försök igen" fetching it again.
 */
import { readFile } from 'node:fs/promises';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEntry } from '../../server/src/modules/revenue/repo.js';
import { monthsBetween } from '../src/revenue.js';
import { DEMO_RESELLER_KEY, focused, startStack, type Stack } from './stack.js';

interface Amounts {
  listPrice: number;
  resellerMargin: number;
  vendorAmount: number;
}
interface Forecast {
  currency: string;
  months: { month: string; renewals: Amounts; pipeline: Amounts }[];
}

/** "−12 000 kr", "1 234,50 kr" → öre. */
const ore = (text: string) => Math.round(Number(text.replace(/\s|kr/g, '').replace('−', '-').replace(',', '.')) * 100);
const monthOf = (d: Date, delta = 0) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + delta, 1)).toISOString().slice(0, 7);

describe('Kunder: revenue earned and ahead, as a chart, a table and statements', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;
  const now = new Date();
  /** A month two back, where a cancellation took back more than was sold. */
  const reversedMonth = monthOf(now, -2);
  /** Three months ahead, where the demo customer's licence year now renews. */
  const renewalMonth = monthOf(now, 3);

  const statement = async (period: string, format: 'csv' | 'sie') => {
    const res = await fetch(`${stack.api.url}/v1/revenue/statements/${period}?format=${format}`, { headers: { authorization: `Bearer ${DEMO_RESELLER_KEY}` } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };

  beforeAll(async () => {
    stack = await startStack();
    const ctx = stack.api.services.ctx;
    const customer = (await stack.asReseller('GET', '/v1/customers?limit=100')).body.data[0];
    // The fixture: the customer's renewal inside the forecast's twelve months, and a reversal in an earlier month.
    await ctx.db.updateTable('customers').set({ renews_at: `${renewalMonth}-15T00:00:00.000Z` }).where('id', '=', customer.id).execute();
    const row = (await ctx.db.selectFrom('revenue_entries').selectAll().where('customer_id', '=', customer.id).executeTakeFirstOrThrow())!;
    await insertEntry(ctx.db, {
      ...row,
      id: 'rev_test_reversal',
      kind: 'reversal',
      // The ledger holds one sale per licence year: this reversal takes back an earlier year's.
      licence_year: row.licence_year - 1,
      period_start: `${reversedMonth}-10T00:00:00.000Z`,
      list_price: -1_200_000,
      reseller_margin: -240_000,
      vendor_amount: -960_000,
      created_at: `${reversedMonth}-10T00:00:00.000Z`,
    });
    context = await stack.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'sv-SE', acceptDownloads: true });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
    await page.goto(stack.partner);
    await page.getByRole('tab', { name: 'Kunder' }).click();
  });
  afterAll(async () => {
    await context?.close();
    await stack?.close();
  });

  const chart = () => page.getByRole('img', { name: /Stapeldiagram över intäkter per månad/ });

  it('draws every month earned, then twelve forecast months: renewals solid, trials hatched, the reversal below the axis', async () => {
    const summary = (await stack.asReseller('GET', '/v1/revenue?groupBy=month')).body;
    const forecast: Forecast = (await stack.asReseller('GET', '/v1/revenue/forecast?months=12')).body;
    expect(forecast.months).toHaveLength(12);
    expect(summary.periods.map((p: { period: string }) => p.period)).toContain(reversedMonth);
    await chart().waitFor();
    await expect.poll(() => chart().locator('g.column.ahead').count()).toBe(12);
    // Every month from the first with entries to the last, those without any (the summary leaves them out) kept empty.
    const earned = summary.periods.map((p: { period: string }) => p.period).sort();
    await expect(chart().locator('g.column.earned').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-month')))).resolves.toEqual(monthsBetween(earned[0], earned.at(-1)));
    expect(earned.length).toBeLessThan(monthsBetween(earned[0], earned.at(-1)).length);
    await expect(chart().locator('g.column.ahead').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-month')))).resolves.toEqual(forecast.months.map((m) => m.month));

    // The renewal: solid, in its month, with the licence's price in the chart's label.
    const renewal = forecast.months.find((m) => m.month === renewalMonth)!;
    expect(renewal.renewals.listPrice).toBeGreaterThan(0);
    await expect(chart().locator(`g.column.ahead[data-month="${renewalMonth}"] rect.renewal`).count()).resolves.toBe(1);
    const label = (await chart().getAttribute('aria-label'))!.replace(/\s/g, ' ');
    expect(label).toMatch(/, prognos: förnyelser 48 000 kr/);
    // Weighted trials: hatched (the SVG pattern), one bar per month that has any.
    const hatched = await chart().locator('rect.pipeline').evaluateAll((rs) => rs.map((r) => r.getAttribute('fill')));
    expect(hatched.length).toBe(forecast.months.filter((m) => m.pipeline.listPrice > 0).length);
    expect(hatched.length).toBeGreaterThan(0);
    for (const fill of hatched) expect(fill).toMatch(/^url\(#.+-hatch\)$/);
    await expect(chart().locator('pattern').count()).resolves.toBe(1);

    // The reversal: its own bar, starting at the zero line and going down, and named in the legend.
    const below = await chart().evaluate((svg, month) => {
      const axis = svg.querySelector('line.axis')!;
      const bar = svg.querySelector(`g.column.earned[data-month="${month}"] rect.reversal`)!;
      return { zero: Number(axis.getAttribute('y1')), top: Number(bar.getAttribute('y')), height: Number(bar.getAttribute('height')) };
    }, reversedMonth);
    expect(below.top).toBeCloseTo(below.zero, 5);
    expect(below.height).toBeGreaterThan(10);
    await expect(chart().locator('rect.reversal').count()).resolves.toBe(1);
    await page.locator('resellerkit-portal').getByText('Återföringar', { exact: true }).waitFor();
    await page.getByText(/Prognosen räknar med förnyelser till dagens pris/).waitFor();
    await stack.screenshot(page, 'revenue-01-forecast');
  });

  it('"Visa som tabell" lists the months earned and the forecast with the API’s figures', async () => {
    const summary = (await stack.asReseller('GET', '/v1/revenue?groupBy=month')).body;
    const forecast: Forecast = (await stack.asReseller('GET', '/v1/revenue/forecast?months=12')).body;
    const toggle = page.getByRole('button', { name: 'Visa som tabell' });
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('false');
    await toggle.click();
    await expect(toggle.getAttribute('aria-expanded')).resolves.toBe('true');
    const table = page.locator('resellerkit-revenue-chart').getByRole('table');
    await table.waitFor();
    await stack.screenshot(page, 'revenue-02-table');
    const rows = await table.locator('tbody tr:has(th[scope="row"])').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
    expect(rows).toHaveLength(summary.periods.length + 12);
    const earned = rows.slice(0, summary.periods.length);
    expect(earned.map((r) => r.slice(3, 6).map(ore))).toEqual(summary.periods.map((p: Amounts) => [p.listPrice, p.resellerMargin, p.vendorAmount]));
    expect(earned.map((r) => r.slice(1, 3))).toEqual(summary.periods.map(() => ['–', '–']));
    // What reversals took back, where the chart draws it below the axis: a dash for a month without one.
    expect(earned.map((r) => (r[6] === '–' ? 0 : ore(r[6]!)))).toEqual(summary.periods.map((p: { reversals: Amounts }) => p.reversals.listPrice));
    expect(summary.periods.some((p: { reversals: Amounts }) => p.reversals.listPrice < 0)).toBe(true);
    const ahead = rows.slice(summary.periods.length);
    expect(ahead.map((r) => r[0])).toEqual(ahead.map((r) => expect.stringMatching(/, prognos$/) as unknown as string));
    expect(ahead.map((r) => r[6])).toEqual(ahead.map(() => '–'));
    expect(ahead.map((r) => r.slice(1, 6).map(ore))).toEqual(
      forecast.months.map((m) => [
        m.renewals.listPrice,
        m.pipeline.listPrice,
        m.renewals.listPrice + m.pipeline.listPrice,
        m.renewals.resellerMargin + m.pipeline.resellerMargin,
        m.renewals.vendorAmount + m.pipeline.vendorAmount,
      ]),
    );
    // The reversal's month nets to what the ledger says: below zero.
    const reversed = summary.periods.find((p: { period: string }) => p.period === reversedMonth);
    expect(reversed.listPrice).toBeLessThan(0);
    await toggle.click();
    await expect(table.count()).resolves.toBe(0);
  });

  const download = async (trigger: () => Promise<void>) => {
    const [file] = await Promise.all([page.waitForEvent('download'), trigger()]);
    return { name: file.suggestedFilename(), body: await readFile((await file.path())!) };
  };

  it('"Ladda ner" downloads the CSV of the chosen month and the SIE file of a year, as the API writes them', async () => {
    const widget = page.locator('resellerkit-revenue-download');
    await widget.getByLabel('Period för kontoutdrag').selectOption(reversedMonth);
    const menuButton = widget.getByRole('button', { name: /^Ladda ner kontoutdrag för / });
    await expect(menuButton.getAttribute('aria-haspopup')).resolves.toBe('menu');
    await menuButton.click();
    await expect(menuButton.getAttribute('aria-expanded')).resolves.toBe('true');
    await stack.screenshot(page, 'revenue-03-download-menu');
    const csv = await download(() => widget.getByRole('menuitem', { name: 'CSV för Excel' }).click());
    expect(csv.name).toBe(`intakter-${reversedMonth}.csv`);
    const expected = await statement(reversedMonth, 'csv');
    expect(csv.body.equals(expected)).toBe(true);
    // The reversal is in it, and the file is still the one Excel in Sweden opens (BOM first, as the API sent it).
    expect(csv.body.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(csv.body.toString('utf8')).toContain('rev_test_reversal');
    await widget.getByRole('status').filter({ hasText: `intakter-${reversedMonth}.csv är nedladdad.` }).waitFor();
    expect(await focused(page)).toMatch(/^Ladda ner kontoutdrag för /);

    // By keyboard: the year, then the menu with the arrows; Escape closes it and leaves focus on its button.
    const year = String(now.getUTCFullYear());
    await widget.getByLabel('Period för kontoutdrag').selectOption(year);
    await menuButton.focus();
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('CSV för Excel');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('SIE 4 för bokföringsprogram');
    await page.keyboard.press('Escape');
    await expect(menuButton.getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await focused(page)).toMatch(/^Ladda ner kontoutdrag för /);
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toBe('SIE 4 för bokföringsprogram');
    const sie = await download(() => page.keyboard.press('Enter'));
    expect(sie.name).toBe(`intakter-${year}.se`);
    expect(sie.body.equals(await statement(year, 'sie'))).toBe(true);
    expect(sie.body.toString('latin1')).toContain('#SIETYP 4');
  });

  it('draws a month with a sale and its reversal as both bars, not as the empty month its net is, and says so in words', async () => {
    const ctx = stack.api.services.ctx;
    const customer = (await stack.asReseller('GET', '/v1/customers?limit=100')).body.data[0];
    const row = (await ctx.db.selectFrom('revenue_entries').selectAll().where('customer_id', '=', customer.id).executeTakeFirstOrThrow())!;
    // A month before any other entry, so nothing else is in it: sold 6 000 kr and all of it taken back.
    const first = (await stack.asReseller('GET', '/v1/revenue?groupBy=month')).body.periods.map((p: { period: string }) => p.period).sort()[0];
    const month = monthOf(new Date(`${first}-01T00:00:00.000Z`), -1);
    const at = `${month}-05T00:00:00.000Z`;
    const year = { ...row, licence_year: row.licence_year - 2, period_start: at, created_at: at };
    await insertEntry(ctx.db, { ...year, id: 'rev_test_same_month_sale', kind: 'sale', list_price: 600_000, reseller_margin: 120_000, vendor_amount: 480_000 });
    await insertEntry(ctx.db, { ...year, id: 'rev_test_same_month_reversal', kind: 'reversal', list_price: -600_000, reseller_margin: -120_000, vendor_amount: -480_000 });
    const period = (await stack.asReseller('GET', '/v1/revenue?groupBy=month')).body.periods.find((p: { period: string }) => p.period === month);
    expect(period).toEqual({ period: month, listPrice: 0, resellerMargin: 0, vendorAmount: 0, reversals: { listPrice: -600_000, resellerMargin: -120_000, vendorAmount: -480_000 } });

    await page.goto(stack.partner);
    await page.getByRole('tab', { name: 'Kunder' }).click();
    await chart().waitFor();
    const bars = await chart().evaluate((svg, m) => {
      const axis = Number(svg.querySelector('line.axis')!.getAttribute('y1'));
      const column = svg.querySelector(`g.column.earned[data-month="${m}"]`)!;
      const rect = (kind: string) => {
        const r = column.querySelector(`rect.${kind}`);
        return r ? { y: Number(r.getAttribute('y')), height: Number(r.getAttribute('height')) } : null;
      };
      return { axis, vendor: rect('vendor'), margin: rect('margin'), reversal: rect('reversal'), title: column.querySelector('title')!.textContent! };
    }, month);
    // Sold above the axis (vendor amount and margin stacked on the zero line), the reversal as long below it.
    expect(bars.vendor!.y + bars.vendor!.height).toBeCloseTo(bars.axis, 5);
    expect(bars.margin!.y + bars.margin!.height).toBeCloseTo(bars.vendor!.y, 5);
    expect(bars.reversal!.y).toBeCloseTo(bars.axis, 5);
    expect(bars.reversal!.height).toBeCloseTo(bars.vendor!.height + bars.margin!.height, 5);
    expect(bars.reversal!.height).toBeGreaterThan(1);
    // In words, for the tooltip and the chart's accessible name: the net, then what was sold and what was reversed.
    const words = bars.title.replace(/\s/g, ' ');
    expect(words).toMatch(/: 0 kr \(sålt 6 000 kr, återfört −6 000 kr\)$/);
    expect((await chart().getAttribute('aria-label'))!.replace(/\s/g, ' ')).toContain(words);
    await page.locator('resellerkit-portal').getByText('Återföringar', { exact: true }).waitFor();
    await stack.screenshot(page, 'revenue-05-sale-and-reversal');
  });
});

describe('lazily loaded views', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    context = await stack.browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'sv-SE' });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await stack?.close();
  });

  const status = (within: Locator) => within.getByRole('status');

  it('shows the failure UI when the chart’s chunk cannot load, and "Försök igen" loads it', async () => {
    let refused = 0;
    await page.route(/\/chunks\/revenue-[\w-]+\.js$/, (route) => {
      refused++;
      return route.abort('connectionreset');
    });
    await page.goto(stack.partner);
    await page.getByRole('tab', { name: 'Kunder' }).click();
    const panel = page.locator('resellerkit-customers-panel');
    await panel.getByRole('alert').filter({ hasText: 'Kunde inte nå tjänsten.' }).waitFor();
    expect(refused).toBeGreaterThan(0);
    await page.unroute(/\/chunks\/revenue-[\w-]+\.js$/);
    await panel.getByRole('button', { name: 'Försök igen' }).click();
    await page.getByRole('img', { name: /Stapeldiagram över intäkter per månad/ }).waitFor();
    await expect(panel.getByRole('alert').count()).resolves.toBe(0);
  });

  it('shows the months earned when the forecast fails, says so, and "Försök igen" brings the forecast', async () => {
    await page.route(/\/v1\/revenue\/forecast/, (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { type: 'unavailable', message: 'Down for a moment.', requestId: 'req_test' } }) }));
    await page.goto(stack.partner);
    await page.getByRole('tab', { name: 'Kunder' }).click();
    const chart = page.locator('resellerkit-revenue-chart');
    await chart.getByRole('alert').waitFor();
    await expect(chart.locator('g.column.earned').count()).resolves.toBeGreaterThan(0);
    await expect(chart.locator('g.column.ahead').count()).resolves.toBe(0);
    await page.unroute(/\/v1\/revenue\/forecast/);
    await chart.getByRole('button', { name: 'Försök igen' }).click();
    await expect.poll(() => chart.locator('g.column.ahead').count()).toBe(12);
    await expect(chart.getByRole('alert').count()).resolves.toBe(0);
  });

  it('explains a dialogs’ chunk that cannot load on the list, and opens the dialog on the next click', async () => {
    await page.route(/\/chunks\/order-[\w-]+\.js$/, (route) => route.abort('connectionreset'));
    await page.goto(stack.partner);
    const panel = page.locator('resellerkit-trials-panel');
    await panel.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
    await panel.getByRole('button', { name: 'Nytt provkonto' }).click();
    await panel.getByRole('alert').filter({ hasText: 'Kunde inte nå tjänsten.' }).waitFor();
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    await page.unroute(/\/chunks\/order-[\w-]+\.js$/);
    await panel.getByRole('button', { name: 'Nytt provkonto' }).click();
    await page.getByRole('dialog', { name: 'Nytt provkonto' }).waitFor();
    await expect(panel.getByRole('alert').count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
  });

  it('says "Laddar …" while the dialogs’ chunk is on its way, then opens the dialog', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/chunks\/order-[\w-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(stack.partner);
    const panel = page.locator('resellerkit-trials-panel');
    await panel.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
    await panel.getByRole('button', { name: 'Nytt provkonto' }).click();
    await status(panel).filter({ hasText: 'Laddar …' }).first().waitFor();
    release();
    await page.getByRole('dialog', { name: 'Nytt provkonto' }).waitFor();
    await expect(status(panel).filter({ hasText: 'Laddar …' }).count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
  });

  /** A partner page as docs/widget.md shows it: the versioned entry with its integrity, and an import map for the chunks. */
  const pinnedPage = async (tamper: (map: { integrity: Record<string, string> }) => void) => {
    const version = (await stack.api.services.ctx.caches.widgetBundle.current())!.version;
    const map = (await (await fetch(`${stack.api.url}/widget/${version}/importmap.json`)).json()) as { integrity: Record<string, string> };
    const entry = `${stack.api.url}/widget/${version}/widget.js`;
    const integrity = map.integrity[entry]!;
    tamper(map);
    // Served by the test rather than the partner's server, Chromium counts the page as public and would keep it from
    // the API on 127.0.0.1 (Local Network Access); a real partner page and API are both public.
    await context.grantPermissions(['local-network-access'], { origin: stack.partner });
    await page.route(`${stack.partner}/pinned`, (route) =>
      route.fulfill({
        contentType: 'text/html; charset=utf-8',
        body: `<!doctype html><html lang="sv"><head><meta charset="utf-8"><script type="importmap">${JSON.stringify(map)}</script>
<script type="module" src="${entry}" integrity="${integrity}" crossorigin="anonymous"></script></head><body>
<resellerkit-portal api-base="${stack.api.url}"></resellerkit-portal>
<script type="module">document.querySelector('resellerkit-portal').fetchSession = async () => (await fetch('/session?scope=reseller', { method: 'POST' })).json();</script>
</body></html>`,
      }),
    );
    await page.goto(`${stack.partner}/pinned`);
    await page.getByRole('tab', { name: 'Kunder' }).click();
  };

  it('opens a row’s detail once its chunk is there: "Laddar …" meanwhile, the alert if it cannot load, then on the next try', async () => {
    const detailChunk = /\/chunks\/detail-[\w-]+\.js$/;
    await page.route(detailChunk, (route) => route.abort('connectionreset'));
    await page.goto(stack.partner);
    const panel = page.locator('resellerkit-trials-panel');
    const manage = panel.getByRole('button', { name: 'Hantera Brf Solrosen' });
    await manage.click();
    await panel.getByRole('alert').filter({ hasText: 'Kunde inte nå tjänsten.' }).waitFor();
    await manage.click();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.unroute(detailChunk);
    await page.route(detailChunk, async (route) => {
      await held;
      await route.continue();
    });
    await manage.click();
    await status(panel).filter({ hasText: 'Laddar …' }).first().waitFor();
    release();
    await panel.getByLabel('Ny användares e-post').waitFor();
    await expect(panel.getByRole('alert').count()).resolves.toBe(0);
    await expect(status(panel).filter({ hasText: 'Laddar …' }).count()).resolves.toBe(0);
    await page.unroute(detailChunk);
  });

  it('pins every chunk with the version’s import map: the browser loads them as served, and refuses one that differs', async () => {
    await pinnedPage(() => undefined);
    await page.getByRole('img', { name: /Stapeldiagram över intäkter per månad/ }).waitFor();

    await pinnedPage((map) => {
      const chunk = Object.keys(map.integrity).find((url) => /\/chunks\/revenue-/.test(url))!;
      map.integrity[chunk] = `sha256-${Buffer.alloc(32).toString('base64')}`;
    });
    await page.locator('resellerkit-customers-panel').getByRole('alert').filter({ hasText: 'Kunde inte nå tjänsten.' }).waitFor();
    await expect(page.getByRole('img', { name: /Stapeldiagram/ }).count()).resolves.toBe(0);
    await page.unroute(`${stack.partner}/pinned`);
  });

  it('loads the chunks from the version’s folder, wherever the page got the entry from', async () => {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.goto(stack.partner);
    await page.getByRole('tab', { name: 'Kunder' }).click();
    await page.getByRole('img', { name: /Stapeldiagram/ }).waitFor();
    const version = (await stack.api.services.ctx.caches.widgetBundle.current())!.version;
    const chunks = scripts.filter((s) => s.includes('/chunks/'));
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    for (const s of chunks) expect(s.startsWith(`/widget/${version}/chunks/`), s).toBe(true);
  });
});
