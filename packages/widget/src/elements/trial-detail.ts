/** @module One trial, opened from the list: adjust its users (add, remove, role), extend it, and start or follow its order. */
import { html, nothing } from 'lit';
import { date, isEmail } from '../format.js';
import type { Order, Role, Trial, TrialUser } from '../types.js';
import { ChildElement } from './child.js';

export class ResellerKitTrialDetail extends ChildElement {
  static override properties = {
    ...ChildElement.properties,
    trial: { attribute: false },
    order: { attribute: false },
    onChange: { attribute: false },
    onStartOrder: { attribute: false },
    error: { state: true },
    message: { state: true },
    emailError: { state: true },
    busy: { state: true },
  };
  declare trial: Trial;
  declare order: Order | null;
  declare onChange: (trial: Trial) => void;
  declare onStartOrder: (trial: Trial, opener: HTMLElement) => void;
  declare error: string | null;
  declare message: string;
  declare emailError: string | null;
  declare busy: boolean;

  constructor() {
    super();
    this.error = null;
    this.message = '';
    this.emailError = null;
    this.busy = false;
  }

  /** Runs one change; the message goes to the live region, a failure shows the server's message. */
  private async run(work: () => Promise<string>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.message = '';
    try {
      this.message = await work();
    } catch (e) {
      this.error = this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  private changeUsers(users: TrialUser[]): void {
    this.trial = { ...this.trial, users };
    this.onChange?.(this.trial);
  }

  private addUser(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const role = String(data.get('role') ?? 'editor') as Role;
    if (!isEmail(email)) {
      this.emailError = this.t.users.errEmail;
      form.querySelector<HTMLElement>('[name=email]')?.focus();
      return;
    }
    this.emailError = null;
    void this.run(async () => {
      const user = await this.api.post<TrialUser>(`/v1/trials/${this.trial.id}/users`, { email, role });
      this.changeUsers([...this.trial.users, user]);
      form.reset();
      return this.t.users.added(email);
    });
  }

  private removeUser(user: TrialUser): void {
    void this.run(async () => {
      await this.api.request('DELETE', `/v1/trials/${this.trial.id}/users/${user.id}`);
      this.changeUsers(this.trial.users.filter((u) => u.id !== user.id));
      // The row and its button are gone: keep keyboard focus inside the trial.
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#add-email')?.focus();
      return this.t.users.removed(user.email);
    });
  }

  private setRole(user: TrialUser, role: Role): void {
    void this.run(async () => {
      const updated = await this.api.request<TrialUser>('PATCH', `/v1/trials/${this.trial.id}/users/${user.id}`, { body: { role } });
      this.changeUsers(this.trial.users.map((u) => (u.id === user.id ? updated : u)));
      return this.t.users.roleChanged(user.email);
    });
  }

  private extend(e: SubmitEvent): void {
    e.preventDefault();
    const days = Number(new FormData(e.target as HTMLFormElement).get('days'));
    void this.run(async () => {
      const trial = await this.api.post<Trial>(`/v1/trials/${this.trial.id}/extend`, { days });
      this.trial = trial;
      this.onChange?.(trial);
      return this.t.extend.done(date(trial.endsAt, this.t.lang));
    });
  }

  private orderView() {
    const t = this.t.order;
    const order = this.order;
    const canOrder = this.trial.status === 'active' || this.trial.status === 'expired';
    const label = !order ? t.start : order.status === 'draft' ? t.continue : order.status === 'rejected' ? t.correct : null;
    return html`<h4>${t.statusHeading}</h4>
      ${order ? html`<p><span class="badge ${order.status}" part="badge">${this.t.orderStatus[order.status]}</span></p>` : nothing}
      ${order?.status === 'rejected' && order.rejectionReason
        ? html`<p><strong>${t.rejectionReason}:</strong> <span class="rejection">${order.rejectionReason}</span></p>`
        : nothing}
      ${canOrder && label
        ? html`<button class="primary" part="button button-primary" @click=${(e: Event) => this.onStartOrder?.(this.trial, e.currentTarget as HTMLElement)}>${label}</button>`
        : nothing}`;
  }

  override render() {
    const t = this.t;
    const trial = this.trial;
    const editable = trial.status === 'active';
    return html`<div part="panel" aria-busy=${this.busy ? 'true' : 'false'}>
      <p class="status" role="status" part="status">${this.message}</p>
      ${this.errorView(this.error)}
      <h4>${t.users.heading}</h4>
      <div class="table-wrap">
        <table class="stack" part="table">
          <thead>
            <tr><th scope="col">${t.users.email}</th><th scope="col">${t.users.role}</th><th scope="col">${t.users.status}</th><th scope="col"><span class="sr-only">${t.trials.actions}</span></th></tr>
          </thead>
          <tbody>
            ${trial.users.map(
              (u) => html`<tr>
                <td data-label=${t.users.email}>${u.email}</td>
                <td data-label=${t.users.role}>
                  <select part="input" aria-label=${t.users.roleLabel(u.email)} ?disabled=${!editable || this.busy} @change=${(e: Event) => this.setRole(u, (e.target as HTMLSelectElement).value as Role)}>
                    ${(['editor', 'reader'] as Role[]).map((r) => html`<option value=${r} ?selected=${u.role === r}>${t.roles[r]}</option>`)}
                  </select>
                </td>
                <td data-label=${t.users.status}>${t.userStatus[u.status]}</td>
                <td data-label=${t.trials.actions}>
                  <button class="danger" part="button" aria-label=${t.users.removeLabel(u.email)} ?disabled=${!editable || this.busy || trial.users.length <= 1} @click=${() => this.removeUser(u)}>${t.users.remove}</button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${editable
        ? html`<form class="row" novalidate @submit=${this.addUser} style="margin-top:var(--_space)">
              <div>
                <label for="add-email">${t.users.addEmail}</label>
                <input id="add-email" name="email" type="email" part="input" autocomplete="off" aria-invalid=${this.emailError ? 'true' : 'false'} aria-describedby=${this.emailError ? 'add-email-error' : ''} />
                ${this.emailError ? html`<p class="field-error" id="add-email-error">${this.emailError}</p>` : nothing}
              </div>
              <div>
                <label for="add-role">${t.users.addRole}</label>
                <select id="add-role" name="role" part="input">
                  ${(['editor', 'reader'] as Role[]).map((r) => html`<option value=${r}>${t.roles[r]}</option>`)}
                </select>
              </div>
              <button type="submit" part="button" ?disabled=${this.busy}>${t.users.add}</button>
            </form>
            <form class="row" @submit=${this.extend} style="margin-top:var(--_space)">
              <div>
                <label for="extend-days">${t.extend.days}</label>
                <input id="extend-days" name="days" type="number" min="1" max="90" value="14" part="input" />
                <p class="hint">${t.extend.endsAt}: ${date(trial.endsAt, t.lang)}</p>
              </div>
              <button type="submit" part="button" ?disabled=${this.busy}>${t.extend.submit}</button>
            </form>`
        : nothing}
      <div style="margin-top:var(--_space)">${this.orderView()}</div>
    </div>`;
  }
}
