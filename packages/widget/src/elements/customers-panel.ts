/**
 * @module The Kunder tab: customers with licence, price and renewal date, each opened to manage its users or marked to
 * end at the period end, and the revenue chart.
 */
import { html, nothing } from 'lit';
import { date, money } from '../format.js';
import { revenueViews } from '../lazy.js';
import { FORECAST_PATH, type Customer, type ForecastAnswer, type RevenueForecast, type RevenueSummary } from '../types.js';
import { PanelElement, PARTS } from './child.js';
import { ListSearch } from './list-search.js';

export class ResellerKitCustomersPanel extends PanelElement {
  static override properties = {
    ...PanelElement.properties,
    customers: { state: true },
    revenue: { state: true },
    forecast: { state: true },
    loading: { state: true },
    error: { state: true },
    message: { state: true },
    expanded: { state: true },
  };
  declare customers: Customer[] | null;
  declare revenue: RevenueSummary | null;
  declare forecast: ForecastAnswer | null;
  declare loading: boolean;
  declare error: string | null;
  declare message: string;
  /** The customer opened to manage its users. */
  declare expanded: string | null;

  constructor() {
    super();
    this.customers = null;
    this.revenue = null;
    this.forecast = null;
    this.loading = false;
    this.error = null;
    this.message = '';
    this.expanded = null;
  }

  /** Typing asks the server for the matching customers only; the revenue chart stays the reseller's whole revenue. */
  private readonly search = new ListSearch(async (signal) => {
    try {
      this.customers = await this.api.all<Customer>(this.search.path('/v1/customers'), signal);
      this.error = null;
    } catch (e) {
      const failure = signal.aborted ? null : this.fail(e);
      if (failure) this.error = failure.message;
    }
  });

  protected async load(): Promise<boolean> {
    this.loading = true;
    this.error = null;
    this.search.stop();
    const path = this.search.path('/v1/customers');
    try {
      // The chart's chunk loads beside the data, all under one token; the panel shows "Laddar …" until all are here.
      // A failed forecast is the chart's to explain (with "Försök igen"): the months earned still show.
      const [customers, revenue, forecast] = await Promise.all([
        this.api.all<Customer>(path),
        this.api.get<RevenueSummary>('/v1/revenue?groupBy=month'),
        this.api.get<RevenueForecast>(FORECAST_PATH).catch((failed: unknown) => ({ failed })),
        revenueViews(),
      ]);
      // Typed while this loaded: the search under way answers the field, not this list.
      if (path === this.search.path('/v1/customers')) this.customers = customers;
      this.revenue = revenue;
      this.forecast = forecast;
      return true;
    } catch (e) {
      const failure = this.fail(e);
      if (failure) this.error = failure.message;
      return false;
    } finally {
      this.loading = false;
    }
  }

  protected forget(): void {
    this.search.stop();
    this.search.q = '';
    this.customers = null;
    this.revenue = null;
    this.forecast = null;
    this.message = '';
    this.expanded = null;
  }

  /** A row's action changed its customer: show the new state at once and say what it means. */
  private changed = (e: CustomEvent<{ customer: Customer }>) => {
    const next = e.detail.customer;
    this.customers = this.customers?.map((c) => (c.id === next.id ? next : c)) ?? null;
    this.message = next.cancelAtPeriodEnd ? this.t.customers.endQuestion(next.organizationName, date(next.renewsAt, this.t.lang)) : '';
  };

    /** "Uppdatera": reloads and says so; focus stays on the button. */
  private async refresh(): Promise<void> {
    if (this.loading) return;
    this.message = '';
    if (await this.load()) this.message = this.t.trials.refreshed;
  }

  override render() {
    const t = this.t.customers;
    const lang = this.t.lang;
    const customers = this.customers;
    return html`<section class="cq" part="panel" aria-labelledby="customers-heading" aria-busy=${this.loading ? 'true' : 'false'}>
      <div class="bar">
        <h2 id="customers-heading" tabindex="-1">${t.heading}</h2>
        <button id="refresh" part="button" aria-label=${t.refreshLabel} aria-disabled=${this.loading ? 'true' : 'false'} @click=${this.refresh}>${this.t.common.refresh}</button>
      </div>
      ${this.search.view(this.t, 'customers-search')}
      <p class="status" role="status" part="status">${this.message}</p>
      ${this.errorView(this.error)}
      ${this.error && !customers ? html`<button part="button" @click=${this.load}>${this.t.common.retry}</button>` : nothing}
      ${this.loading && !customers ? html`<p class="muted" part="loading">${this.t.common.loading}</p>` : nothing}
      ${customers && customers.length === 0 ? html`<p class="muted" part="empty">${this.search.q ? this.t.common.noMatches : t.empty}</p>` : nothing}
      ${customers && customers.length > 0
        ? html`<div class="table-wrap">
            <table class="stack" part="table">
              <thead>
                <tr><th scope="col">${t.organization}</th><th scope="col">${t.licence}</th><th scope="col" class="num">${t.annualPrice}</th><th scope="col">${t.renewsAt}</th><th scope="col">${t.status}</th><th scope="col"><span class="sr-only">${this.t.trials.actions}</span></th></tr>
              </thead>
              <tbody>
                ${customers.map((c) => {
                  const open = this.expanded === c.id;
                  return html`<tr>
                    <td class="title" data-label=${t.organization}>${c.organizationName}</td>
                    <td data-label=${t.licence}>${c.licenceName}</td>
                    <td data-label=${t.annualPrice} class="num">${money(c.annualPrice, lang)}</td>
                    <td class="date" data-label=${t.renewsAt}>${date(c.renewsAt, lang)}</td>
                    <td data-label=${t.status}>${c.status !== 'active' ? t.statusCancelled : c.cancelAtPeriodEnd ? t.statusEnding : t.statusActive}</td>
                    <td class="buttons">
                      <resellerkit-renewal-action exportparts=${PARTS} .api=${this.api} .t=${this.t} .customer=${c} @resellerkit-customer-updated=${this.changed}></resellerkit-renewal-action>
                      <button part="button" aria-expanded=${open ? 'true' : 'false'} aria-controls="detail-${c.id}" aria-label=${this.t.trials.manageLabel(c.organizationName)} @click=${() => (this.expanded = open ? null : c.id)}>
                        ${this.t.trials.manage}
                      </button>
                    </td>
                  </tr>
                  ${open
                    ? html`<tr class="detail" id="detail-${c.id}">
                        <td colspan="6" class="full"><resellerkit-customer-detail exportparts=${PARTS} .api=${this.api} .t=${this.t} .customer=${c}></resellerkit-customer-detail></td>
                      </tr>`
                    : nothing}`;
                })}
              </tbody>
            </table>
          </div>`
        : nothing}
      ${this.revenue
        ? html`<h3 class="mt">${this.t.revenue.heading}</h3>
            <resellerkit-revenue-chart exportparts=${PARTS} .t=${this.t} .api=${this.api} .summary=${this.revenue} .forecast=${this.forecast}></resellerkit-revenue-chart>`
        : nothing}
    </section>`;
  }
}
