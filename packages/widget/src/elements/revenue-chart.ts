/**
 * @module Kunder's revenue as an inline-SVG bar chart: the months earned (list price split into margin and vendor
 * amount) and the next twelve from the forecast (renewals solid, weighted trials hatched), reversals below the axis,
 * with a value axis, totals, "Visa som tabell" covering both, and statements to download.
 *
 * The SVG is drawn at the width it is shown at (one unit per CSS pixel, measured with a ResizeObserver), so its
 * labels keep their size on a phone instead of shrinking with a scaled-down picture.
 */
import { css, html, nothing, svg } from 'lit';
import { money, monthLabel } from '../format.js';
import { columns, heightOf, ticks, type Column } from '../revenue.js';
import { FORECAST_PATH, type ForecastAnswer, type RevenueForecast, type RevenueSummary } from '../types.js';
import { ChildElement, PARTS } from './child.js';
import { revenueTable } from './revenue-table.js';

const H = 240;
const PAD = { top: 22, right: 8, bottom: 28 };
const FONT_PX = 12;
/** Width of a label's character, estimated (12 px system fonts run 6–7 px), and the least gap between month labels. */
const CHAR_PX = FONT_PX * 0.55;
const LABEL_GAP = 8;

let seq = 0;

export class ResellerKitRevenueChart extends ChildElement {
  static override properties = {
    ...ChildElement.properties,
    summary: { attribute: false },
    forecast: { attribute: false },
    width: { state: true },
    ahead: { state: true },
    forecastError: { state: true },
    tableOpen: { state: true },
  };
  static override styles = [
    ...ChildElement.styles,
    css`
      :host {
        --_vendor: var(--resellerkit-chart-vendor, #9fb7d3);
        --_margin: var(--resellerkit-chart-margin, var(--_primary));
        --_renewal: var(--resellerkit-chart-renewal, #2f7d6d);
        --_pipeline: var(--resellerkit-chart-pipeline, #2f7d6d);
        --_reversal: var(--resellerkit-chart-reversal, var(--_danger));
      }
      figure { margin: 0; }
      svg { width: 100%; height: auto; display: block; overflow: visible; }
      .vendor { fill: var(--_vendor); }
      .margin { fill: var(--_margin); }
      .renewal { fill: var(--_renewal); }
      .pipeline { stroke: var(--_pipeline); stroke-width: 1; }
      .hatch-line { stroke: var(--_pipeline); stroke-width: 2; }
      .hatch-ground { fill: var(--_bg); }
      .reversal { fill: var(--_reversal); }
      .swatch.vendor { background: var(--_vendor); }
      .swatch.margin { background: var(--_margin); }
      .swatch.renewal { background: var(--_renewal); }
      .swatch.pipeline { background: repeating-linear-gradient(45deg, var(--_pipeline) 0 2px, var(--_bg) 2px 5px); border: 1px solid var(--_pipeline); }
      .swatch.reversal { background: var(--_reversal); }
      .axis, .grid, .divider { stroke: var(--_border); }
      .grid { stroke-dasharray: 2 3; }
      .divider { stroke-dasharray: 4 3; }
      text { fill: var(--_muted); font-size: ${FONT_PX}px; font-family: inherit; }
      .legend { display: flex; flex-wrap: wrap; gap: 0.25em 1em; font-size: 0.875em; margin: 0.5em 0; }
      .swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.35em; vertical-align: -0.05em; border-radius: 2px; box-sizing: border-box; }
      .basis { font-size: 0.875em; }
      .totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(10em, 100%), 1fr)); gap: 0.5em; margin: var(--_space) 0 0; }
      .totals div { background: var(--_surface); border-radius: var(--_radius); padding: 0.5em 0.75em; min-width: 0; }
      .totals dt { font-size: 0.875em; color: var(--_muted); }
      .totals dd { margin: 0; font-weight: 700; font-variant-numeric: tabular-nums; }
      .tools { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: end; justify-content: space-between; margin-top: var(--_space); }
      .table-wrap { margin-top: 0.5em; }
      th { white-space: normal; }
    `,
  ];
  declare summary: RevenueSummary;
  /** Loaded by the panel with the summary. */
  declare forecast: ForecastAnswer | null;
  /** The figure's width in CSS pixels, as last measured. */
  declare width: number;
  /** The next twelve months as shown; null while there are none (the months earned show alone). */
  declare ahead: RevenueForecast | null;
  declare forecastError: string | null;
  declare tableOpen: boolean;
  private readonly uid = `rkchart${++seq}`;
  /** Counts forecast requests, so only the latest one's answer is shown. */
  private asked = 0;
  private readonly observer = new ResizeObserver(([entry]) => {
    const width = Math.round(entry?.contentRect.width ?? 0);
    if (width > 0 && width !== this.width) this.width = width;
  });

  constructor() {
    super();
    this.width = 640;
    this.forecast = null;
    this.ahead = null;
    this.forecastError = null;
    this.tableOpen = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.observer.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer.disconnect();
  }

  /** A reload of Kunder brings a new answer; a retry still running for the previous one is then dropped. */
  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('forecast')) {
      this.asked++;
      this.show(this.forecast);
    }
  }

  private show(answer: ForecastAnswer | null): void {
    const failure = answer && 'failed' in answer ? this.fail(answer.failed) : null;
    this.ahead = answer && !('failed' in answer) ? answer : null;
    this.forecastError = failure?.message ?? null;
  }

  /** "Försök igen" after a failed forecast. */
  private async retry(): Promise<void> {
    const asked = ++this.asked;
    const answer = await this.api.get<RevenueForecast>(FORECAST_PATH).catch((failed: unknown) => ({ failed }));
    if (asked === this.asked) this.show(answer);
  }

  private money(amount: number): string {
    return money({ amount, currency: this.summary.currency }, this.t.lang);
  }

  /** One column in words: the chart's label lists them all, and each bar's tooltip says its own. */
  private describe(c: Column): string {
    const t = this.t.revenue;
    const month = monthLabel(c.month, this.t.lang);
    const reversed = c.down < 0 ? t.describeReversed(this.money(c.down)) : '';
    // An earned month names what was sold beside what was reversed, where the net alone would hide both.
    if (!c.forecast) return t.describeEarned(month, this.money(c.net)) + (reversed && ` (${t.describeSold(this.money(heightOf(c)))}, ${reversed})`);
    const [renewal, pipeline] = c.up;
    const text = t.describeForecast(month, this.money(renewal!.amount), this.money(pipeline!.amount));
    return reversed ? `${text}, ${reversed}` : text;
  }

  /**
   * A month under its bar, moved inwards where a narrow chart's last would stick out of the figure (the first has the
   * value axis's room to its left, and moving it would crowd the next).
   */
  private monthText(label: string, centre: number, to: number) {
    const half = (label.length * CHAR_PX) / 2;
    const x = Math.max(half, Math.min(centre, to - half));
    return svg`<text x=${x} y=${H - 8} text-anchor="middle">${label}</text>`;
  }

  private chart(cols: Column[]) {
    const lang = this.t.lang;
    const compact = new Intl.NumberFormat(lang, { style: 'currency', currency: this.summary.currency, notation: 'compact', maximumFractionDigits: 1 });
    const steps = ticks(Math.max(1, ...cols.map(heightOf)) / 100, Math.min(0, ...cols.map((c) => c.down)) / 100);
    const top = steps.at(-1)!;
    const bottom = steps[0]!;
    const labels = steps.map((v) => compact.format(v));
    const left = Math.ceil(Math.max(...labels.map((l) => l.length)) * FONT_PX * 0.62) + 8;
    const W = this.width;
    const innerW = Math.max(W - left - PAD.right, 1);
    const innerH = H - PAD.top - PAD.bottom;
    const y = (kronor: number) => PAD.top + ((top - kronor) / (top - bottom)) * innerH;
    const zero = y(0);
    const px = (ore: number) => (Math.abs(ore) / 100 / (top - bottom)) * innerH;
    const slot = innerW / Math.max(cols.length, 1);
    const barW = Math.min(40, slot * 0.7);
    // Every n-th month is labelled, counted from the last, which moves inwards by `shift` to stay inside the figure:
    // n is chosen so that even the moved one keeps its gap to the one before.
    const labelW = Math.max(...cols.map((c) => monthLabel(c.month, lang).length)) * CHAR_PX;
    const shift = Math.max(0, labelW / 2 - slot / 2);
    const every = Math.max(1, Math.ceil((labelW + LABEL_GAP + shift) / slot));
    const ahead = cols.findIndex((c) => c.forecast);
    const hatch = `${this.uid}-hatch`;
    return svg`
      <defs>
        <pattern id=${hatch} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect class="hatch-ground" width="6" height="6"></rect><line class="hatch-line" x1="1" y1="0" x2="1" y2="6"></line>
        </pattern>
      </defs>
      ${steps.map(
        (v, i) => svg`<line class=${v === 0 ? 'axis' : 'grid'} x1=${left} x2=${W - PAD.right} y1=${y(v)} y2=${y(v)}></line>
          <text x=${left - 6} y=${y(v) + FONT_PX / 3} text-anchor="end">${labels[i]}</text>`,
      )}
      ${ahead >= 0
        ? svg`<line class="divider" x1=${left + slot * ahead} x2=${left + slot * ahead} y1=${PAD.top - 18} y2=${H - PAD.bottom}></line>
            <text x=${left + slot * ahead + 4} y=${PAD.top - 8} text-anchor="start">${this.t.revenue.forecast}</text>`
        : nothing}
      ${cols.map((c, i) => {
        const x = left + slot * i + (slot - barW) / 2;
        let stacked = zero;
        return svg`<g class="column ${c.forecast ? 'ahead' : 'earned'}" data-month=${c.month}>
          <title>${this.describe(c)}</title>
          ${c.up.map((s) => {
            if (s.amount <= 0) return nothing;
            const h = px(s.amount);
            stacked -= h;
            return s.kind === 'pipeline'
              ? svg`<rect class="pipeline" fill="url(#${hatch})" x=${x} width=${barW} y=${stacked} height=${h}></rect>`
              : svg`<rect class=${s.kind} x=${x} width=${barW} y=${stacked} height=${h}></rect>`;
          })}
          ${c.down < 0 ? svg`<rect class="reversal" x=${x} width=${barW} y=${zero} height=${px(c.down)}></rect>` : nothing}
          ${(cols.length - 1 - i) % every === 0 ? this.monthText(monthLabel(c.month, lang), x + barW / 2, W - PAD.right) : nothing}
        </g>`;
      })}`;
  }

  private legend(cols: Column[]) {
    const t = this.t.revenue;
    const item = (kind: string, label: string) => html`<span><span class="swatch ${kind}"></span>${label}</span>`;
    return html`<figcaption class="legend">
      ${item('margin', t.margin)} ${item('vendor', t.vendorAmount)}
      ${this.ahead ? html`${item('renewal', `${t.renewals} (${t.forecast.toLowerCase()})`)} ${item('pipeline', `${t.pipeline} (${t.forecast.toLowerCase()})`)}` : nothing}
      ${cols.some((c) => c.down < 0) ? item('reversal', t.reversals) : nothing}
    </figcaption>`;
  }

  private totals() {
    const t = this.t.revenue;
    const s = this.summary;
    const f = this.ahead;
    const sum = (pick: (m: RevenueForecast['months'][number]) => number) => (f ? f.months.reduce((n, m) => n + pick(m), 0) : 0);
    return html`<dl class="totals">
      <div><dt>${t.total}: ${t.listPrice}</dt><dd>${this.money(s.totals.listPrice)}</dd></div>
      <div><dt>${t.total}: ${t.margin}</dt><dd>${this.money(s.totals.resellerMargin)}</dd></div>
      <div><dt>${t.total}: ${t.vendorAmount}</dt><dd>${this.money(s.totals.vendorAmount)}</dd></div>
      ${f
        ? html`<div><dt>${t.forecast}: ${t.renewals}</dt><dd>${this.money(sum((m) => m.renewals.listPrice))}</dd></div>
            <div><dt>${t.forecast}: ${t.pipeline}</dt><dd>${this.money(sum((m) => m.pipeline.listPrice))}</dd></div>`
        : nothing}
    </dl>`;
  }

  private basis() {
    const f = this.ahead;
    if (!f) return nothing;
    const percent = new Intl.NumberFormat(this.t.lang, { style: 'percent', maximumFractionDigits: 1 }).format(f.pipeline.conversionRate);
    return html`<p class="basis muted">${this.t.revenue.forecastBasis(percent, f.pipeline.basis === 'measured', f.pipeline.openTrials)}</p>`;
  }

  override render() {
    const t = this.t.revenue;
    const s = this.summary;
    if (!s) return nothing;
    const cols = columns(s, this.ahead);
    const tableId = `${this.uid}-table`;
    return html`<figure part="chart">
      ${s.periods.length ? nothing : html`<p class="muted" part="empty">${t.empty}</p>`}
      ${cols.length ? html`<svg viewBox="0 0 ${this.width} ${H}" width=${this.width} height=${H} role="img" aria-label=${t.chartLabel(cols.map((c) => this.describe(c)).join('; '))}>${this.chart(cols)}</svg>` : nothing}
      ${this.legend(cols)} ${this.basis()}
      ${this.forecastError ? html`${this.errorView(this.forecastError)}<button part="button" @click=${this.retry}>${this.t.common.retry}</button>` : nothing}
      ${this.totals()}
      <div class="tools">
        <button part="button" aria-expanded=${this.tableOpen ? 'true' : 'false'} aria-controls=${tableId} @click=${() => (this.tableOpen = !this.tableOpen)}>${t.showTable}</button>
        <resellerkit-revenue-download exportparts=${PARTS} .api=${this.api} .t=${this.t} .summary=${s}></resellerkit-revenue-download>
      </div>
      <div class="table-wrap" id=${tableId}>${this.tableOpen ? revenueTable(this.t, s, this.ahead) : nothing}</div>
    </figure>`;
  }
}
