/** @module The Kunder tab: customers with licence, price and renewal date, and the revenue chart. */
import { html, nothing } from 'lit';
import { date, money } from '../format.js';
import type { Customer, RevenueSummary } from '../types.js';
import { PanelElement, PARTS } from './child.js';

export class ResellerKitCustomersPanel extends PanelElement {
  static override properties = {
    ...PanelElement.properties,
    customers: { state: true },
    revenue: { state: true },
    loading: { state: true },
    error: { state: true },
  };
  declare customers: Customer[] | null;
  declare revenue: RevenueSummary | null;
  declare loading: boolean;
  declare error: string | null;

  constructor() {
    super();
    this.customers = null;
    this.revenue = null;
    this.loading = false;
    this.error = null;
  }

  protected async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      const [customers, revenue] = await Promise.all([this.api.all<Customer>('/v1/customers'), this.api.get<RevenueSummary>('/v1/revenue?groupBy=month')]);
      this.customers = customers;
      this.revenue = revenue;
    } catch (e) {
      this.error = this.fail(e);
    } finally {
      this.loading = false;
    }
  }

  override render() {
    const t = this.t.customers;
    const lang = this.t.lang;
    const customers = this.customers;
    return html`<section part="panel" aria-labelledby="customers-heading" aria-busy=${this.loading ? 'true' : 'false'}>
      <h2 id="customers-heading">${t.heading}</h2>
      ${this.errorView(this.error)}
      ${this.error && !customers ? html`<button part="button" @click=${this.load}>${this.t.common.retry}</button>` : nothing}
      ${this.loading && !customers ? html`<p class="muted" part="loading">${this.t.common.loading}</p>` : nothing}
      ${customers && customers.length === 0 ? html`<p class="muted" part="empty">${t.empty}</p>` : nothing}
      ${customers && customers.length > 0
        ? html`<div class="table-wrap">
            <table class="stack" part="table">
              <thead>
                <tr><th scope="col">${t.organization}</th><th scope="col">${t.licence}</th><th scope="col" class="num">${t.annualPrice}</th><th scope="col">${t.renewsAt}</th><th scope="col">${t.status}</th></tr>
              </thead>
              <tbody>
                ${customers.map(
                  (c) => html`<tr>
                    <td data-label=${t.organization}>${c.organizationName}</td>
                    <td data-label=${t.licence}>${c.licenceName}</td>
                    <td data-label=${t.annualPrice} class="num">${money(c.annualPrice, lang)}</td>
                    <td data-label=${t.renewsAt}>${date(c.renewsAt, lang)}</td>
                    <td data-label=${t.status}>${c.status === 'active' ? t.statusActive : t.statusCancelled}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
        : nothing}
      ${this.revenue
        ? html`<h3 style="margin-top:calc(var(--_space) * 1.5)">${this.t.revenue.heading}</h3>
            <resellerkit-revenue-chart exportparts=${PARTS} .t=${this.t} .api=${this.api} .summary=${this.revenue}></resellerkit-revenue-chart>`
        : nothing}
    </section>`;
  }
}
