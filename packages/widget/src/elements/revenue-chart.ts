/**
 * @module The reseller's revenue per month as an inline-SVG bar chart (list price split into margin and vendor amount)
 * with a value axis, totals and a table for assistive technology.
 *
 * The SVG is drawn at the width it is shown at (one unit per CSS pixel, measured with a ResizeObserver), so its
 * labels keep their size on a phone instead of shrinking with a scaled-down picture.
 */
import { css, html, nothing, svg } from 'lit';
import { money, monthLabel } from '../format.js';
import type { RevenueSummary } from '../types.js';
import { ChildElement } from './child.js';

const H = 240;
const PAD = { top: 12, right: 8, bottom: 28 };
const FONT_PX = 12;
/** Room a month label needs, so that every n-th is shown when the months do not all fit. */
const LABEL_PX = 64;

/** 0 and three or four round steps up to at least `max` (1, 2 or 5 times a power of ten). */
export function ticks(max: number): number[] {
  if (max <= 0) return [0];
  const raw = max / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const out: number[] = [];
  for (let v = 0; v < max + step; v += step) out.push(v);
  return out;
}

export class ResellerKitRevenueChart extends ChildElement {
  static override properties = { ...ChildElement.properties, summary: { attribute: false }, width: { state: true } };
  static override styles = [
    ...ChildElement.styles,
    css`
      figure { margin: 0; }
      svg { width: 100%; height: auto; display: block; overflow: visible; }
      .vendor { fill: var(--resellerkit-chart-vendor, #9fb7d3); }
      .margin { fill: var(--resellerkit-chart-margin, var(--_primary)); }
      .swatch.vendor { background: var(--resellerkit-chart-vendor, #9fb7d3); }
      .swatch.margin { background: var(--resellerkit-chart-margin, var(--_primary)); }
      .axis, .grid { stroke: var(--_border); }
      .grid { stroke-dasharray: 2 3; }
      text { fill: var(--_muted); font-size: ${FONT_PX}px; font-family: inherit; }
      .legend { display: flex; flex-wrap: wrap; gap: 0.25em 1em; font-size: 0.875em; margin: 0.5em 0; }
      .swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.35em; vertical-align: -0.05em; border-radius: 2px; }
      .totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(10em, 100%), 1fr)); gap: 0.5em; margin: var(--_space) 0 0; }
      .totals div { background: var(--_surface); border-radius: var(--_radius); padding: 0.5em 0.75em; min-width: 0; }
      .totals dt { font-size: 0.875em; color: var(--_muted); }
      .totals dd { margin: 0; font-weight: 700; font-variant-numeric: tabular-nums; }
      details { margin-top: 0.5em; }
      details th { white-space: normal; }
    `,
  ];
  declare summary: RevenueSummary;
  /** The figure's width in CSS pixels, as last measured. */
  declare width: number;
  private readonly observer = new ResizeObserver(([entry]) => {
    const width = Math.round(entry?.contentRect.width ?? 0);
    if (width > 0 && width !== this.width) this.width = width;
  });

  constructor() {
    super();
    this.width = 640;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.observer.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer.disconnect();
  }

  private describe(): string {
    const { periods, currency } = this.summary;
    const lang = this.t.lang;
    return periods.map((p) => `${monthLabel(p.period, lang)}: ${money({ amount: p.listPrice, currency }, lang)}`).join('; ');
  }

  private chart() {
    const { periods, currency } = this.summary;
    const lang = this.t.lang;
    const compact = new Intl.NumberFormat(lang, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 });
    const steps = ticks(Math.max(1, ...periods.map((p) => p.listPrice)) / 100);
    const top = steps.at(-1)!;
    const labels = steps.map((v) => compact.format(v));
    const left = Math.ceil(Math.max(...labels.map((l) => l.length)) * FONT_PX * 0.62) + 8;
    const W = this.width;
    const innerW = Math.max(W - left - PAD.right, 1);
    const innerH = H - PAD.top - PAD.bottom;
    const base = PAD.top + innerH;
    const y = (kronor: number) => base - (kronor / top) * innerH;
    const slot = innerW / Math.max(periods.length, 1);
    const barW = Math.min(48, slot * 0.7);
    const every = Math.max(1, Math.ceil(LABEL_PX / slot));
    return svg`
      ${steps.map(
        (v, i) => svg`<line class=${i ? 'grid' : 'axis'} x1=${left} x2=${W - PAD.right} y1=${y(v)} y2=${y(v)}></line>
          <text x=${left - 6} y=${y(v) + FONT_PX / 3} text-anchor="end">${labels[i]}</text>`,
      )}
      ${periods.map((p, i) => {
        const x = left + slot * i + (slot - barW) / 2;
        const vendor = base - y(p.vendorAmount / 100);
        const margin = base - y(p.resellerMargin / 100);
        return svg`<g>
          <rect class="vendor" x=${x} width=${barW} y=${base - vendor} height=${vendor}></rect>
          <rect class="margin" x=${x} width=${barW} y=${base - vendor - margin} height=${margin}></rect>
          ${(periods.length - 1 - i) % every === 0 ? svg`<text x=${x + barW / 2} y=${H - 8} text-anchor="middle">${monthLabel(p.period, lang)}</text>` : nothing}
        </g>`;
      })}`;
  }

  override render() {
    const t = this.t.revenue;
    const lang = this.t.lang;
    const s = this.summary;
    if (!s) return nothing;
    const cur = (amount: number) => money({ amount, currency: s.currency }, lang);
    if (!s.periods.length) return html`<p class="muted" part="empty">${t.empty}</p>`;
    return html`<figure part="chart">
      <svg viewBox="0 0 ${this.width} ${H}" width=${this.width} height=${H} role="img" aria-label=${t.chartLabel(this.describe())}>${this.chart()}</svg>
      <figcaption class="legend">
        <span><span class="swatch margin"></span>${t.margin}</span>
        <span><span class="swatch vendor"></span>${t.vendorAmount}</span>
      </figcaption>
      <dl class="totals">
        <div><dt>${t.total}: ${t.listPrice}</dt><dd>${cur(s.totals.listPrice)}</dd></div>
        <div><dt>${t.total}: ${t.margin}</dt><dd>${cur(s.totals.resellerMargin)}</dd></div>
        <div><dt>${t.total}: ${t.vendorAmount}</dt><dd>${cur(s.totals.vendorAmount)}</dd></div>
      </dl>
      <details>
        <summary>${t.showTable}</summary>
        <div class="table-wrap">
          <table part="table">
            <thead><tr><th scope="col">${t.month}</th><th scope="col" class="num">${t.listPrice}</th><th scope="col" class="num">${t.margin}</th><th scope="col" class="num">${t.vendorAmount}</th></tr></thead>
            <tbody>
              ${s.periods.map((p) => html`<tr><th scope="row">${monthLabel(p.period, lang)}</th><td class="num">${cur(p.listPrice)}</td><td class="num">${cur(p.resellerMargin)}</td><td class="num">${cur(p.vendorAmount)}</td></tr>`)}
            </tbody>
          </table>
        </div>
      </details>
    </figure>`;
  }
}
