/** @module One customer, opened from Kunder: its users, managed as during the trial; a cancelled customer's are shown, not changed. */
import { html } from 'lit';
import type { Customer, Page, TrialUser } from '../types.js';
import { AccountElement } from './account.js';

export class ResellerKitCustomerDetail extends AccountElement {
  static override properties = { ...AccountElement.properties, customer: { attribute: false }, list: { state: true } };
  declare customer: Customer;
  /** The customer's users; null until they have loaded. */
  declare list: TrialUser[] | null;

  constructor() {
    super();
    this.list = null;
  }

  protected get path() {
    return `/v1/customers/${this.customer.id}`;
  }

  protected get users(): TrialUser[] | null {
    return this.list;
  }

  protected get editable() {
    return this.customer.status === 'active';
  }

  protected changeUsers(users: TrialUser[]): void {
    this.list = users;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.run(async () => {
      // At most 50 users: one page holds them all.
      this.list = (await this.api.get<Page<TrialUser>>(`${this.path}/users`)).data;
      return '';
    });
  }

  override render() {
    return html`<div class="cq" part="panel" aria-busy=${this.busy ? 'true' : 'false'}>
      <p class="status" role="status" part="status">${this.message}</p>
      ${this.errorView(this.error)} ${this.usersView()}
    </div>`;
  }
}
