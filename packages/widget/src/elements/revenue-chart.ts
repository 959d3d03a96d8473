/** @module The reseller's revenue per month as an inline-SVG bar chart (list price split into margin and vendor amount), with totals and a table for assistive technology. */
import { css, html, nothing, svg } from 'lit';
import { money, monthLabel } from '../format.js';
import type { RevenueSummary } from '../types.js';
import { ChildElement } from './child.js';

const W = 640;
const H = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 8 };

export class ResellerKitRevenueChart extends ChildElement {
  static override properties = { ...ChildElement.properties, summary: { attribute: false } };
  static override styles = [
    ...ChildElement.styles,
    css`
      svg { width: 100%; height: auto; display: block; }
      .vendor { fill: var(--resellerkit-chart-vendor, #9fb7d3); }
      .margin { fill: var(--resellerkit-chart-margin, var(--_primary)); }
      .axis { stroke: var(--_border); }
      text { fill: var(--_muted); font-size: 11px; font-family: inherit; }
      .legend { display: flex; flex-wrap: wrap; gap: 1em; font-size: 0.875em; margin: 0.5em 0; }
      .swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.35em; vertical-align: -0.05em; border-radius: 2px; }
      .totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(10em, 1fr)); gap: 0.5em; margin: var(--_space) 0 0; }
      .totals div { background: var(--_surface); border-radius: var(--_radius); padding: 0.5em 0.75em; }
      .totals dt { font-size: 0.875em; color: var(--_muted); }
      .totals dd { margin: 0; font-weight: 700; font-variant-numeric: tabular-nums; }
      details { margin-top: 0.5em; }
    `,
  ];
  declare summary: RevenueSummary;

  private describe(): string {
    const { periods, currency } = this.summary;
    const lang = this.t.lang;
    return periods.map((p) => `${monthLabel(p.period, lang)}: ${money({ amount: p.listPrice, currency }, lang)}`).join('; ');
  }

  private bars() {
    const { periods } = this.summary;
    const max = Math.max(1, ...periods.map((p) => p.listPrice));
    const innerW = W - PAD.left - PAD.right;
    const innerH = H - PAD.top - PAD.bottom;
    const slot = innerW / Math.max(periods.length, 1);
    const barW = Math.min(48, slot * 0.7);
    const lang = this.t.lang;
    return periods.map((p, i) => {
      const x = PAD.left + slot * i + (slot - barW) / 2;
      const hVendor = (p.vendorAmount / max) * innerH;
      const hMargin = (p.resellerMargin / max) * innerH;
      const base = PAD.top + innerH;
      return svg`<g>
        <rect class="vendor" x=${x} width=${barW} y=${base - hVendor} height=${hVendor}></rect>
        <rect class="margin" x=${x} width=${barW} y=${base - hVendor - hMargin} height=${hMargin}></rect>
        <text x=${x + barW / 2} y=${H - 10} text-anchor="middle">${monthLabel(p.period, lang)}</text>
      </g>`;
    });
  }

  override render() {
    const t = this.t.revenue;
    const lang = this.t.lang;
    const s = this.summary;
    if (!s) return nothing;
    const cur = (amount: number) => money({ amount, currency: s.currency }, lang);
    if (!s.periods.length) return html`<p class="muted" part="empty">${t.empty}</p>`;
    return html`<figure part="chart" style="margin:0">
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${t.chartLabel(this.describe())} preserveAspectRatio="xMidYMid meet">
        <line class="axis" x1=${PAD.left} x2=${W - PAD.right} y1=${H - PAD.bottom} y2=${H - PAD.bottom}></line>
        ${this.bars()}
      </svg>
      <figcaption class="legend">
        <span><span class="swatch margin" style="background:var(--resellerkit-chart-margin, var(--_primary))"></span>${t.margin}</span>
        <span><span class="swatch vendor" style="background:var(--resellerkit-chart-vendor, #9fb7d3)"></span>${t.vendorAmount}</span>
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
