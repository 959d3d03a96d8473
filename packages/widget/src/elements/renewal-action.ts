/**
 * @module A customer row's "Säg upp vid periodens slut": asks once before marking the licence to end with its year, and
 * offers "Ångra uppsägning" while the mark stands. Announces the updated customer with `resellerkit-customer-updated`,
 * which the list uses to show the new state without a reload and the host page may hear too.
 */
import { html, nothing } from 'lit';
import { emit } from '../events.js';
import { date } from '../format.js';
import type { Customer } from '../types.js';
import { ChildElement, focusFirst } from './child.js';

export class ResellerKitRenewalAction extends ChildElement {
  static override properties = { ...ChildElement.properties, customer: { attribute: false }, confirming: { state: true }, busy: { state: true }, error: { state: true } };
  declare customer: Customer;
  declare confirming: boolean;
  declare busy: boolean;
  declare error: string | null;

  constructor() {
    super();
    this.confirming = false;
    this.busy = false;
    this.error = null;
  }

  private async send(method: 'POST' | 'DELETE'): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      const customer = await this.api.request<Customer>(method, `/v1/customers/${this.customer.id}/cancel-at-period-end`);
      // Shown here at once, so the focus lands on the button that now stands, whenever the list re-renders.
      this.customer = customer;
      this.confirming = false;
      emit(this, 'resellerkit-customer-updated', { customer });
      void focusFirst(this, '#undo', '#end');
    } catch (e) {
      const failure = this.fail(e);
      if (failure) this.error = failure.message;
    } finally {
      this.busy = false;
    }
  }

  private ask(confirming: boolean): void {
    this.confirming = confirming;
    void focusFirst(this, confirming ? '#confirm' : '#end');
  }

  override render() {
    const t = this.t.customers;
    const c = this.customer;
    if (c.status !== 'active' || !c.renewsAt) return nothing;
    const busy = this.busy ? 'true' : 'false';
    const name = c.organizationName;
    const when = date(c.renewsAt, this.t.lang);
    if (c.cancelAtPeriodEnd) {
      return html`<button id="undo" part="button" aria-disabled=${busy} aria-label="${t.undo}: ${name}" @click=${() => this.send('DELETE')}>${t.undo}</button>${this.errorView(this.error)}`;
    }
    if (!this.confirming) return html`<button id="end" part="button" aria-label="${t.end}: ${name}" @click=${() => this.ask(true)}>${t.end}</button>`;
    return html`<div role="group" aria-labelledby="ask-${c.id}">
      <p id="ask-${c.id}">${t.endQuestion(name, when)}</p>
      <button id="confirm" class="danger" part="button" aria-disabled=${busy} @click=${() => this.send('POST')}>${t.endConfirm}</button>
      <button part="button" @click=${() => this.ask(false)}>${this.t.common.cancel}</button>
      ${this.errorView(this.error)}
    </div>`;
  }
}
