/**
 * @module "Visa som tabell": every month of the chart as a row, earned and forecast in a group each, with the figures
 * the API gave (the forecast's renewals and weighted trials, and their sums; an earned month's reversals, which the
 * chart draws below the axis and its net figures would hide).
 */
import { html, nothing } from 'lit';
import { money, monthLabel } from '../format.js';
import type { Messages } from '../i18n/index.js';
import type { RevenueForecast, RevenueSummary } from '../types.js';

export function revenueTable(t: Messages, s: RevenueSummary, f: RevenueForecast | null) {
  const r = t.revenue;
  const lang = t.lang;
  const cur = (amount: number) => money({ amount, currency: s.currency }, lang);
  const cells = (...amounts: (number | null)[]) => amounts.map((a) => html`<td class="num">${a === null ? '–' : cur(a)}</td>`);
  return html`<table part="table">
    <caption class="sr-only">${r.heading}</caption>
    <thead>
      <tr>
        <th scope="col">${r.month}</th>
        <th scope="col" class="num">${r.renewals}</th>
        <th scope="col" class="num">${r.pipeline}</th>
        <th scope="col" class="num">${r.listPrice}</th>
        <th scope="col" class="num">${r.margin}</th>
        <th scope="col" class="num">${r.vendorAmount}</th>
        <th scope="col" class="num">${r.reversalsColumn}</th>
      </tr>
    </thead>
    <tbody>
      <tr><th scope="rowgroup" colspan="7">${r.earned}</th></tr>
      ${s.periods.map((p) => html`<tr><th scope="row">${monthLabel(p.period, lang)}</th>${cells(null, null, p.listPrice, p.resellerMargin, p.vendorAmount, p.reversals.listPrice || null)}</tr>`)}
    </tbody>
    ${f
      ? html`<tbody>
          <tr><th scope="rowgroup" colspan="7">${r.forecast}</th></tr>
          ${f.months.map(
            (m) =>
              html`<tr>
                <th scope="row">${r.forecastMonth(monthLabel(m.month, lang))}</th>
                ${cells(m.renewals.listPrice, m.pipeline.listPrice, m.renewals.listPrice + m.pipeline.listPrice, m.renewals.resellerMargin + m.pipeline.resellerMargin, m.renewals.vendorAmount + m.pipeline.vendorAmount, null)}
              </tr>`,
          )}
        </tbody>`
      : nothing}
  </table>`;
}
