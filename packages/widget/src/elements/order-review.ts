/**
 * @module `<resellerkit-order-review>`: the vendor's queue of submitted orders with the signed agreement, approve (after
 * a confirmation naming the customer) and reject with a reason.
 */
import { html, nothing } from 'lit';
import { emit } from '../events.js';
import { bytes, date } from '../format.js';
import { base } from '../styles/base.js';
import type { Order } from '../types.js';
import { errorView, focusFirst, reportFailure } from './child.js';
import { RootElement } from './root.js';

export class ResellerKitOrderReview extends RootElement {
  static override properties = {
    ...RootElement.properties,
    orders: { state: true },
    loading: { state: true },
    error: { state: true },
    message: { state: true },
    busy: { state: true },
    deciding: { state: true },
    reasonError: { state: true },
    links: { state: true },
  };
  static override styles = [base];
  declare orders: Order[] | null;
  declare loading: boolean;
  declare error: string | null;
  declare message: string;
  declare busy: boolean;
  /** The order in the open dialog, and whether it is being approved or rejected. */
  declare deciding: { order: Order; approve: boolean } | null;
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
    this.deciding = null;
    this.reasonError = null;
    this.links = {};
  }

  protected start(): void {
    void this.load();
  }

  /** An order submitted through a portal on the same page joins the queue. */
  protected readonly staleOn = ['resellerkit-order-submitted'] as const;

  protected reload(): void {
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const url of Object.values(this.links)) URL.revokeObjectURL(url);
    this.links = {};
  }

  private fail(e: unknown): string | null {
    return reportFailure(this, this.t, e)?.message ?? null;
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

  private get dialog() {
    return this.renderRoot.querySelector('dialog')!;
  }

  private openDecision(order: Order, approve: boolean, opener: HTMLElement): void {
    this.deciding = { order, approve };
    this.reasonError = null;
    this.opener = opener;
    void this.updateComplete.then(() => {
      this.dialog.querySelector('form')?.reset();
      this.dialog.showModal();
      void focusFirst(this, approve ? '#confirm' : '#reason');
    });
  }

  /** Approving needs a confirmation, rejecting a reason; either way the decided order leaves the queue and the host hears of it. */
  private async decide(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const deciding = this.deciding;
    if (!deciding || this.busy) return;
    const { order, approve } = deciding;
    const reason = String(new FormData(e.target as HTMLFormElement).get('reason') ?? '').trim();
    if (!approve && !reason) {
      this.reasonError = this.t.review.errReason;
      return focusFirst(this, '#reason');
    }
    this.busy = true;
    try {
      if (approve) await this.api.post(`/v1/admin/orders/${order.id}/approve`);
      else await this.api.post(`/v1/admin/orders/${order.id}/reject`, { reason });
      this.orders = (this.orders ?? []).filter((o) => o.id !== order.id);
      this.message = approve ? this.t.review.approved(order.invoicing.name) : this.t.review.rejected(order.invoicing.name);
      emit(this, approve ? 'resellerkit-order-approved' : 'resellerkit-order-rejected', { order: { ...order, status: approve ? 'approved' : 'rejected' } });
      // The row and its buttons are gone: focus goes to the queue's heading instead of the page body.
      this.opener = null;
      this.dialog.close();
    } catch (err) {
      const message = this.fail(err);
      if (approve) {
        this.error = message;
        this.dialog.close();
      } else this.reasonError = message;
    } finally {
      this.busy = false;
    }
  }

  private onDialogClose(): void {
    this.deciding = null;
    if (this.opener?.isConnected) this.opener.focus();
    else void focusFirst(this, '#review-heading');
  }

  private dialogView() {
    const t = this.t.review;
    const d = this.deciding;
    const name = d?.order.invoicing.name ?? '';
    return html`<dialog part="dialog" aria-labelledby="decide-title" @close=${this.onDialogClose}>
      <form novalidate @submit=${this.decide}>
        <h3 id="decide-title">${d ? (d.approve ? t.approveTitle(name) : t.rejectLabel(name)) : ''}</h3>
        ${d?.approve
          ? html`<p>${t.approveText}</p>`
          : html`<div class="field">
              <label for="reason">${t.reason}</label>
              <textarea id="reason" name="reason" rows="3" part="input" aria-invalid=${this.reasonError ? 'true' : 'false'} aria-describedby=${this.reasonError ? 'reason-error' : ''}></textarea>
              ${this.reasonError ? html`<p class="field-error" id="reason-error" role="alert">${this.reasonError}</p>` : nothing}
            </div>`}
        <div class="actions">
          <button type="button" part="button" @click=${() => this.dialog.close()}>${this.t.common.cancel}</button>
          <button type="submit" id="confirm" class=${d?.approve ? 'primary' : 'danger'} part=${d?.approve ? 'button button-primary' : 'button'} aria-disabled=${this.busy ? 'true' : 'false'}>
            ${d?.approve ? t.confirmApprove : t.confirmReject}
          </button>
        </div>
      </form>
    </dialog>`;
  }

  override render() {
    const t = this.t.review;
    const lang = this.t.lang;
    const orders = this.orders;
    return html`<section class="cq" part="panel" aria-labelledby="review-heading" aria-busy=${this.loading ? 'true' : 'false'}>
      <h2 id="review-heading" tabindex="-1">${t.heading}</h2>
      <p class="status" role="status" part="status">${this.message}</p>
      ${errorView(this.t, this.error)}
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
                    <td class="title" data-label=${t.customer}>${name}<br /><span class="muted">${t.orgNumber} ${o.invoicing.orgNumber}</span></td>
                    <td data-label=${t.signer}><span>${o.signer.name}<br /><span class="muted addr">${o.signer.email}</span></span></td>
                    <td class="date" data-label=${t.submittedAt}>${date(o.submittedAt, lang)}</td>
                    <td data-label=${t.agreement}>
                      <span>
                        <button part="button" aria-label=${t.viewAgreementLabel(name)} @click=${() => this.viewAgreement(o)}>${t.viewAgreement}</button>
                        ${o.agreement ? html`<span class="muted addr">${o.agreement.signedElectronically ? `${this.t.order.signedElectronically}, ` : ''}${o.agreement.filename ? `${o.agreement.filename}, ` : ''}${bytes(o.agreement.size, lang)}</span>` : nothing}
                        ${this.links[o.id] ? html`<a href=${this.links[o.id]} target="_blank" rel="noopener" class="agreement-link">${t.openAgreement}</a>` : nothing}
                      </span>
                    </td>
                    <td class="buttons">
                      <div class="row">
                        <button class="primary" part="button button-primary" aria-label=${t.approveLabel(name)} @click=${(e: Event) => this.openDecision(o, true, e.currentTarget as HTMLElement)}>${t.approve}</button>
                        <button class="danger" part="button" aria-label=${t.rejectLabel(name)} @click=${(e: Event) => this.openDecision(o, false, e.currentTarget as HTMLElement)}>${t.reject}</button>
                      </div>
                    </td>
                  </tr>`;
                })}
              </tbody>
            </table>
          </div>`
        : nothing}
      ${this.dialogView()}
    </section>`;
  }
}
