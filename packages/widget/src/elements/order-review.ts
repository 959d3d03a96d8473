/** @module `<resellerkit-order-review>`: the vendor's queue of submitted orders with the signed agreement, approve, and reject with a reason. */
import { html, nothing } from 'lit';
import { emit, errorDetail } from '../events.js';
import { bytes, date } from '../format.js';
import { base } from '../styles/base.js';
import type { Order } from '../types.js';
import { RootElement } from './root.js';

export class ResellerKitOrderReview extends RootElement {
  static override properties = {
    ...RootElement.properties,
    orders: { state: true },
    loading: { state: true },
    error: { state: true },
    message: { state: true },
    busy: { state: true },
    rejecting: { state: true },
    reasonError: { state: true },
    links: { state: true },
  };
  static override styles = [base];
  declare orders: Order[] | null;
  declare loading: boolean;
  declare error: string | null;
  declare message: string;
  declare busy: boolean;
  declare rejecting: Order | null;
  declare reasonError: string | null;
  /** Blob URLs of agreements already fetched, by order id. */
  declare links: Record<string, string>;
  private opener: HTMLElement | null = null;

  constructor() {
    super();
    this.orders = null;
    this.loading = false;
    this.error = null;
    this.message = '';
    this.busy = false;
    this.rejecting = null;
    this.reasonError = null;
    this.links = {};
  }

  protected start(): void {
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const url of Object.values(this.links)) URL.revokeObjectURL(url);
    this.links = {};
  }

  private fail(e: unknown): string {
    const detail = errorDetail(e);
    emit(this, 'resellerkit-error', detail);
    return detail.message;
  }

  /** Reloads the queue (the host may call it after deciding elsewhere). */
  async load(): Promise<void> {
    this.loading = true;
    this.error = null;
    try {
      this.orders = await this.api.all<Order>('/v1/admin/orders?status=submitted');
    } catch (e) {
      this.error = this.fail(e);
    } finally {
      this.loading = false;
    }
  }

  /** The PDF needs the bearer token, so it cannot be a plain link: fetch it and open it as a blob URL. */
  private async viewAgreement(order: Order): Promise<void> {
    this.error = null;
    try {
      let url = this.links[order.id];
      if (!url) {
        const blob = await this.api.request<Blob>('GET', `/v1/orders/${order.id}/agreement`, { blob: true });
        url = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
        this.links = { ...this.links, [order.id]: url };
      }
      window.open(url, '_blank', 'noopener');
    } catch (e) {
      this.error = this.fail(e);
    }
  }

  private async approve(order: Order): Promise<void> {
    this.busy = true;
    this.error = null;
    this.message = '';
    try {
      await this.api.post(`/v1/admin/orders/${order.id}/approve`);
      this.orders = (this.orders ?? []).filter((o) => o.id !== order.id);
      this.message = this.t.review.approved(order.invoicing.name);
      this.focusHeading();
    } catch (e) {
      this.error = this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  private focusHeading(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#review-heading')?.focus());
  }

  private openReject(order: Order, opener: HTMLElement): void {
    this.rejecting = order;
    this.reasonError = null;
    this.opener = opener;
    void this.updateComplete.then(() => {
      const dialog = this.renderRoot.querySelector('dialog')!;
      dialog.querySelector('form')?.reset();
      dialog.showModal();
    });
  }

  private async reject(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const order = this.rejecting;
    if (!order) return;
    const reason = String(new FormData(e.target as HTMLFormElement).get('reason') ?? '').trim();
    if (!reason) {
      this.reasonError = this.t.review.errReason;
      return;
    }
    this.busy = true;
    try {
      await this.api.post(`/v1/admin/orders/${order.id}/reject`, { reason });
      this.orders = (this.orders ?? []).filter((o) => o.id !== order.id);
      this.message = this.t.review.rejected(order.invoicing.name);
      this.opener = null;
      this.renderRoot.querySelector('dialog')?.close();
      this.focusHeading();
    } catch (err) {
      this.reasonError = this.fail(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const t = this.t.review;
    const lang = this.t.lang;
    const orders = this.orders;
    return html`<section part="panel" aria-labelledby="review-heading" aria-busy=${this.loading ? 'true' : 'false'}>
      <h2 id="review-heading" tabindex="-1">${t.heading}</h2>
      <p class="status" role="status" part="status">${this.message}</p>
      ${this.error ? html`<p class="error" role="alert" part="error">${this.t.common.errorPrefix} ${this.error}</p>` : nothing}
      ${this.loading && !orders ? html`<p class="muted" part="loading">${this.t.common.loading}</p>` : nothing}
      ${orders && orders.length === 0 ? html`<p class="muted" part="empty">${t.empty}</p>` : nothing}
      ${orders && orders.length > 0
        ? html`<div class="table-wrap">
            <table class="stack" part="table">
              <thead>
                <tr><th scope="col">${t.customer}</th><th scope="col">${t.signer}</th><th scope="col">${t.submittedAt}</th><th scope="col">${t.agreement}</th><th scope="col"><span class="sr-only">${this.t.trials.actions}</span></th></tr>
              </thead>
              <tbody>
                ${orders.map((o) => {
                  const name = o.invoicing.name;
                  return html`<tr>
                    <td data-label=${t.customer}>${name}<br /><span class="muted">${t.orgNumber} ${o.invoicing.orgNumber}</span></td>
                    <td data-label=${t.signer}>${o.signer.name}<br /><span class="muted">${o.signer.email}</span></td>
                    <td data-label=${t.submittedAt}>${date(o.submittedAt, lang)}</td>
                    <td data-label=${t.agreement}>
                      <button part="button" aria-label=${t.viewAgreementLabel(name)} @click=${() => this.viewAgreement(o)}>${t.viewAgreement}</button>
                      ${o.agreement ? html`<span class="muted">${bytes(o.agreement.size, lang)}</span>` : nothing}
                      ${this.links[o.id] ? html`<a href=${this.links[o.id]} target="_blank" rel="noopener" class="agreement-link">${t.openAgreement}</a>` : nothing}
                    </td>
                    <td data-label=${this.t.trials.actions}>
                      <div class="row">
                        <button class="primary" part="button button-primary" aria-label=${t.approveLabel(name)} ?disabled=${this.busy} @click=${() => this.approve(o)}>${t.approve}</button>
                        <button class="danger" part="button" aria-label=${t.rejectLabel(name)} ?disabled=${this.busy} @click=${(e: Event) => this.openReject(o, e.currentTarget as HTMLElement)}>${t.reject}</button>
                      </div>
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
        : nothing}
      <dialog part="dialog" aria-labelledby="reject-title" @close=${() => this.opener?.focus()}>
        <form novalidate @submit=${this.reject}>
          <h3 id="reject-title">${this.rejecting ? t.rejectLabel(this.rejecting.invoicing.name) : ''}</h3>
          <div class="field">
            <label for="reason">${t.reason}</label>
            <textarea id="reason" name="reason" rows="3" part="input" aria-invalid=${this.reasonError ? 'true' : 'false'} aria-describedby=${this.reasonError ? 'reason-error' : ''}></textarea>
            ${this.reasonError ? html`<p class="field-error" id="reason-error" role="alert">${this.reasonError}</p>` : nothing}
          </div>
          <div class="actions">
            <button type="button" part="button" @click=${() => this.renderRoot.querySelector('dialog')?.close()}>${this.t.common.cancel}</button>
            <button type="submit" class="danger" part="button" ?disabled=${this.busy}>${t.confirmReject}</button>
          </div>
        </form>
      </dialog>
    </section>`;
  }
}
