/**
 * The portal and the review queue fit every width a person uses, in both languages: nothing wider than its element,
 * no clipped text, every button on screen next to the name of what it acts on. Screenshots go to docs/images/.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LONG_NAMES, REJECTION, seedCrowdedPortal } from './fixtures.js';
import { startStack, type Stack } from './stack.js';

const DOCS_IMAGES = fileURLToPath(new URL('../../../docs/images/', import.meta.url));
const WIDTHS = [320, 375, 768, 1280];
const LOCALES = [
  { locale: 'sv', manage: 'Hantera', heading: 'Beställningar att granska' },
  { locale: 'en', manage: 'Manage', heading: 'Orders to review' },
] as const;

/** What a person would see go wrong, measured in the page: each problem as a line naming the element. */
function layoutProblems(): string[] {
  const problems: string[] = [];
  const viewport = document.documentElement.clientWidth;
  const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} “${(el.textContent ?? '').trim().slice(0, 40)}”`;
  const visible = (el: Element) => el.getClientRects().length > 0 && (el as HTMLElement).checkVisibility?.({ visibilityProperty: true, opacityProperty: false }) !== false;
  /** Visually hidden helpers (1 px, clipped) are meant to be there and not seen. */
  const hidden = (el: Element) => {
    for (let e: Element | null = el; e; e = e.parentElement ?? ((e.getRootNode() as ShadowRoot).host ?? null)) {
      const s = getComputedStyle(e);
      if (s.clipPath !== 'none' && s.position === 'absolute') return true;
    }
    return false;
  };
  const walk = (root: ParentNode, visit: (el: Element) => void) => {
    for (const el of root.querySelectorAll('*')) {
      visit(el);
      if (el.shadowRoot) walk(el.shadowRoot, visit);
    }
  };
  if (document.documentElement.scrollWidth > viewport) problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${viewport}`);
  for (const host of document.querySelectorAll('resellerkit-portal, resellerkit-order-review')) {
    const box = host.getBoundingClientRect();
    walk(host.shadowRoot!, (el) => {
      if (!visible(el) || hidden(el) || el.closest('dialog:not([open])')) return;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5)) problems.push(`${name(el)} sticks out of <${host.tagName.toLowerCase()}>: ${Math.round(r.left)}–${Math.round(r.right)} outside ${Math.round(box.left)}–${Math.round(box.right)}`);
      if (/^(TD|TH|BUTTON|H2|H3|H4|P|LABEL|DT|DD|LI|LEGEND)$/.test(el.tagName) && el.scrollWidth > el.clientWidth + 0.5 && getComputedStyle(el).overflowX !== 'visible')
        problems.push(`${name(el)} clips its text: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
      if (/^(TD|TH)$/.test(el.tagName) && el.scrollWidth > el.clientWidth + 0.5) problems.push(`${name(el)} overflows its cell: scrollWidth ${el.scrollWidth} > clientWidth ${el.clientWidth}`);
      if (el instanceof HTMLSelectElement) {
        // A select shows its chosen option in its own box: the text must fit beside the arrow.
        const s = getComputedStyle(el);
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - 16;
        const text = el.selectedOptions[0]?.textContent ?? '';
        if (ctx.measureText(text).width > room + 0.5) problems.push(`${name(el)} clips its choice “${text}”: ${Math.round(ctx.measureText(text).width)} px in ${Math.round(room)} px`);
      }
      if (el.tagName === 'BUTTON') {
        if (r.left < 0 || r.right > viewport) problems.push(`${name(el)} is outside the viewport: ${Math.round(r.left)}–${Math.round(r.right)} of ${viewport}`);
        // A button in a row acts on that row: the row's name must be on screen with it.
        const row = el.closest('tr');
        const title = row?.querySelector('td.title') ?? row?.previousElementSibling?.querySelector('td.title');
        const t = title?.getBoundingClientRect();
        if (t && (t.left < 0 || t.right > viewport)) problems.push(`${name(el)}: its row’s name ${name(title!)} is off screen`);
      }
    });
  }
  return problems;
}

describe('the portal and the review queue at every width, in Swedish and English', () => {
  let stack: Stack;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack();
    await seedCrowdedPortal(stack);
    context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    mkdirSync(DOCS_IMAGES, { recursive: true });
  });
  afterAll(async () => {
    await context?.close();
    await stack?.close();
  });

  for (const { locale, manage, heading } of LOCALES) {
    for (const width of WIDTHS) {
      it(`${width} px, ${locale}: fits, clips nothing, keeps every button with its row’s name`, async () => {
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${stack.partner}/?review=1&locale=${locale}`);
        await page.getByRole('button', { name: `${manage} ${LONG_NAMES.rejected}` }).click();
        await page.getByText(REJECTION).waitFor();
        const review = page.locator('resellerkit-order-review');
        await review.getByRole('heading', { name: heading }).waitFor();
        for (const name of LONG_NAMES.submitted) await review.getByRole('cell', { name: new RegExp(name) }).first().waitFor();
        // Badges of every state are on screen.
        await expect(page.locator('resellerkit-portal').locator('.badge').count()).resolves.toBeGreaterThanOrEqual(5);

        const problems = await page.evaluate(layoutProblems);
        const shot = await stack.screenshot(page, `layout-${width}-${locale}`);
        if (locale === 'sv' || width === 1280) copyFileSync(shot, `${DOCS_IMAGES}widget-${width}${locale === 'sv' ? '' : '-en'}.png`);
        expect(problems).toEqual([]);
      });
    }
  }

  for (const width of WIDTHS) {
    it(`${width} px: the service's start page, the portal and the review side by side from 72 rem, fits too`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(stack.api.url);
      await page.getByRole('button', { name: `Hantera ${LONG_NAMES.rejected}` }).click();
      await page.getByText(REJECTION).waitFor();
      await page.getByRole('region', { name: 'Leverantörens granskning' }).getByRole('button', { name: `Godkänn ${LONG_NAMES.submitted[0]}` }).waitFor();
      expect(await page.evaluate(layoutProblems)).toEqual([]);
      await stack.screenshot(page, `layout-${width}-start-page`);
    });
  }

  for (const width of WIDTHS) {
    it(`${width} px: Kunder with a customer opened to manage its users fits too`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(stack.partner);
      await page.getByRole('tab', { name: 'Kunder' }).click();
      await page.getByRole('button', { name: 'Hantera Hamnens Fastigheter AB' }).click();
      await page.getByRole('cell', { name: 'forvaltning@hamnen.example', exact: true }).waitFor();
      await page.getByRole('img', { name: /Stapeldiagram/ }).waitFor();
      expect(await page.evaluate(layoutProblems)).toEqual([]);
      await stack.screenshot(page, `layout-${width}-kunder`);
    });
  }

  it('the check itself finds a cell that clips, a select too narrow for its choice and a button pushed off screen', async () => {
    await page.setViewportSize({ width: 375, height: 900 });
    await page.goto(`${stack.partner}/?review=1`);
    await page.getByRole('button', { name: `Hantera ${LONG_NAMES.rejected}` }).click();
    await page.locator('resellerkit-order-review').getByRole('button', { name: /^Godkänn / }).first().waitFor();
    const restyle = (selector: string, css: string) =>
      page.evaluate(
        ([selector, css]) => {
          const hosts = [document.querySelector(selector!)!];
          for (let i = 0; i < hosts.length; i++) for (const el of hosts[i]!.shadowRoot!.querySelectorAll('*')) if (el.shadowRoot) hosts.push(el);
          for (const host of hosts) {
            const sheet = new CSSStyleSheet();
            sheet.replaceSync(css!);
            host.shadowRoot!.adoptedStyleSheets = [...host.shadowRoot!.adoptedStyleSheets.slice(0, 1), sheet];
          }
        },
        [selector, css],
      );
    await restyle('resellerkit-order-review', '.cq { container-type: normal; } table { table-layout: fixed; width: 100%; } td { overflow: hidden; white-space: nowrap; }');
    await restyle('resellerkit-portal', 'select { width: 3em !important; min-width: 0 !important; }');
    let problems = await page.evaluate(layoutProblems);
    expect(problems.some((p) => p.includes('clips its text'))).toBe(true);
    expect(problems.some((p) => p.includes('clips its choice'))).toBe(true);
    await restyle('resellerkit-order-review', '.cq { container-type: normal; } table { width: 900px; }');
    problems = await page.evaluate(layoutProblems);
    expect(problems.some((p) => p.includes('outside the viewport'))).toBe(true);
    expect(problems.some((p) => p.includes('sticks out of <resellerkit-order-review>'))).toBe(true);
  });
});
