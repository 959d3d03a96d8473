/** @module One trial, opened from the list: adjust its users (add, remove, role), extend it, and start or follow its order. */
import { html, nothing } from 'lit';
import { bytes, date, DAY_MS, isEmail } from '../format.js';
import { ROLES, type Order, type Role, type Trial, type TrialUser } from '../types.js';
import { ChildElement, focusFirst } from './child.js';

/** The vendor's limit: a trial lasts at most this many days in total, extensions included. */
const MAX_TRIAL_DAYS = 90;

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
    daysError: { state: true },
    busy: { state: true },
  };
  declare trial: Trial;
  declare order: Order | null;
  declare onChange: (trial: Trial) => void;
  declare onStartOrder: (trial: Trial, opener: HTMLElement) => void;
  declare error: string | null;
  declare message: string;
  declare emailError: string | null;
  declare daysError: string | null;
  declare busy: boolean;

  constructor() {
    super();
    this.error = null;
    this.message = '';
    this.emailError = null;
    this.daysError = null;
    this.busy = false;
  }

  /**
   * Runs one change: its message goes to the live region. A failure goes onto `field` when the API names it (with
   * `invalid` as the text for a malformed value), else to the alert. Resolves to the field's error, or null.
   */
  private async run(work: () => Promise<string>, field?: string, invalid?: string): Promise<{ done: boolean; fieldError: string | null }> {
    if (this.busy) return { done: false, fieldError: null };
    this.busy = true;
    this.error = null;
    this.message = '';
    try {
      this.message = await work();
      return { done: true, fieldError: null };
    } catch (e) {
      const failure = this.fail(e, (name) => (name === field ? name : undefined), () => invalid ?? this.t.errors.fields);
      const fieldError = (field && failure?.fields[field]) || null;
      if (failure && !fieldError) this.error = failure.message;
      return { done: false, fieldError };
    } finally {
      this.busy = false;
    }
  }

  private changeUsers(users: TrialUser[]): void {
    this.trial = { ...this.trial, users };
    this.onChange?.(this.trial);
  }

  private async addUser(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const role = String(data.get('role') ?? 'editor') as Role;
    const t = this.t.users;
    this.emailError = !isEmail(email) ? t.errEmail : this.trial.users.some((u) => u.email.toLowerCase() === email.toLowerCase()) ? t.errExists(email) : null;
    if (this.emailError) {
      this.message = '';
      return focusFirst(this, '#add-email');
    }
    const { done, fieldError } = await this.run(
      async () => {
        const user = await this.api.post<TrialUser>(`/v1/trials/${this.trial.id}/users`, { email, role });
        this.changeUsers([...this.trial.users, user]);
        form.reset();
        return t.added(email);
      },
      'email',
      t.errEmail,
    );
    this.emailError = fieldError;
    // Ready for the next address, or back on the one to correct; the button never takes focus away with it.
    if (done || fieldError) await focusFirst(this, '#add-email');
  }

  private removeUser(user: TrialUser): void {
    void this.run(async () => {
      await this.api.request('DELETE', `/v1/trials/${this.trial.id}/users/${user.id}`);
      this.changeUsers(this.trial.users.filter((u) => u.id !== user.id));
      // The row and its button are gone: keep keyboard focus inside the trial.
      await focusFirst(this, '#add-email', '#users-heading');
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

  /** The last day the vendor allows (90 days from the start) and how many days the trial may still grow. */
  private limit(): { latest: string; remaining: number } {
    const latest = Date.parse(this.trial.createdAt) + MAX_TRIAL_DAYS * DAY_MS;
    return { latest: date(new Date(latest).toISOString(), this.t.lang), remaining: Math.max(0, Math.floor((latest - Date.parse(this.trial.endsAt)) / DAY_MS + 1e-6)) };
  }

  private async extend(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const raw = String(new FormData(e.target as HTMLFormElement).get('days') ?? '').trim();
    const days = Number(raw);
    const { latest, remaining } = this.limit();
    this.daysError = /^\d+$/.test(raw) && days >= 1 && days <= remaining ? null : this.t.extend.errDays(remaining, latest);
    if (this.daysError) {
      this.message = '';
      return focusFirst(this, '#extend-days');
    }
    const { fieldError } = await this.run(
      async () => {
        const trial = await this.api.post<Trial>(`/v1/trials/${this.trial.id}/extend`, { days });
        this.trial = trial;
        this.onChange?.(trial);
        return this.t.extend.done(date(trial.endsAt, this.t.lang));
      },
      'days',
    );
    // The server's limit is ours, so a refusal means the trial changed elsewhere: say the limit as it is now.
    if (fieldError) {
      this.trial = await this.api.get<Trial>(`/v1/trials/${this.trial.id}`).catch(() => this.trial);
      this.onChange?.(this.trial);
      const now = this.limit();
      this.daysError = now.remaining ? this.t.extend.errDays(now.remaining, now.latest) : null;
    }
    if (this.daysError) await focusFirst(this, '#extend-days');
  }

  private orderView() {
    const t = this.t.order;
    const order = this.order;
    const canOrder = this.trial.status === 'active' || this.trial.status === 'expired';
    const label = !order ? t.start : order.status === 'draft' ? t.continue : order.status === 'rejected' ? t.correct : null;
    const agreement = order?.agreement;
    return html`<h4 id="order-heading" tabindex="-1">${t.statusHeading}</h4>
      ${order ? html`<p><span class="badge ${order.status}" part="badge">${this.t.orderStatus[order.status]}</span></p>` : nothing}
      ${order?.status === 'rejected' && order.rejectionReason
        ? html`<p class="note"><strong>${t.rejectionReason}:</strong> <span class="rejection">${order.rejectionReason}</span></p>`
        : nothing}
      ${agreement ? html`<p class="muted">${t.agreementAttached(agreement.filename ?? t.agreementUnnamed, bytes(agreement.size, this.t.lang), date(agreement.uploadedAt, this.t.lang))}</p>` : nothing}
      ${canOrder && label
        ? html`<button class="primary" part="button button-primary" @click=${(e: Event) => this.onStartOrder?.(this.trial, e.currentTarget as HTMLElement)}>${label}</button>`
        : nothing}`;
  }

  private extendView() {
    const t = this.t.extend;
    const { latest, remaining } = this.limit();
    const endsAt = `${t.endsAt}: ${date(this.trial.endsAt, this.t.lang)}.`;
    if (!remaining) return html`<p class="mt hint">${endsAt} ${t.atLimit(latest)}</p>`;
    return html`<form class="row mt" novalidate @submit=${this.extend}>
      <div>
        <label for="extend-days">${t.days}</label>
        <input id="extend-days" name="days" type="number" inputmode="numeric" min="1" max=${remaining} value=${Math.min(14, remaining)} part="input" aria-invalid=${this.daysError ? 'true' : 'false'} aria-describedby="extend-hint${this.daysError ? ' extend-error' : ''}" />
        <p class="hint" id="extend-hint">${endsAt} ${t.latest(latest, remaining)}</p>
        ${this.daysError ? html`<p class="field-error" id="extend-error">${this.daysError}</p>` : nothing}
      </div>
      <button type="submit" part="button" aria-disabled=${this.busy ? 'true' : 'false'}>${t.submit}</button>
    </form>`;
  }

  override render() {
    const t = this.t;
    const trial = this.trial;
    const editable = trial.status === 'active';
    return html`<div class="cq" part="panel" aria-busy=${this.busy ? 'true' : 'false'}>
      <p class="status" role="status" part="status">${this.message}</p>
      ${this.errorView(this.error)}
      <h4 id="users-heading" tabindex="-1">${t.users.heading}</h4>
      <div class="table-wrap">
        <table class="stack" part="table">
          <thead>
            <tr><th scope="col">${t.users.email}</th><th scope="col">${t.users.role}</th><th scope="col">${t.users.status}</th><th scope="col"><span class="sr-only">${t.trials.actions}</span></th></tr>
          </thead>
          <tbody>
            ${trial.users.map(
              (u) => html`<tr>
                <td class="title" data-label=${t.users.email}>${u.email}</td>
                <td data-label=${t.users.role}>
                  <select part="input" aria-label=${t.users.roleLabel(u.email)} ?disabled=${!editable} @change=${(e: Event) => this.setRole(u, (e.target as HTMLSelectElement).value as Role)}>
                    ${ROLES.map((r) => html`<option value=${r} ?selected=${u.role === r}>${t.roles[r]}</option>`)}
                  </select>
                </td>
                <td data-label=${t.users.status}>${t.userStatus[u.status]}</td>
                <td class="buttons">
                  <button class="danger" part="button" aria-label=${t.users.removeLabel(u.email)} ?disabled=${!editable || trial.users.length <= 1} aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.removeUser(u)}>${t.users.remove}</button>
                </td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${editable
        ? html`<form class="row mt" novalidate @submit=${this.addUser}>
              <div>
                <label for="add-email">${t.users.addEmail}</label>
                <input id="add-email" name="email" type="email" part="input" autocomplete="off" aria-invalid=${this.emailError ? 'true' : 'false'} aria-describedby=${this.emailError ? 'add-email-error' : ''} />
                ${this.emailError ? html`<p class="field-error" id="add-email-error">${this.emailError}</p>` : nothing}
              </div>
              <div>
                <label for="add-role">${t.users.addRole}</label>
                <select id="add-role" name="role" part="input">
                  ${ROLES.map((r) => html`<option value=${r}>${t.roles[r]}</option>`)}
                </select>
              </div>
              <button type="submit" part="button" aria-disabled=${this.busy ? 'true' : 'false'}>${t.users.add}</button>
            </form>
            ${this.extendView()}`
        : nothing}
      <div class="mt">${this.orderView()}</div>
    </div>`;
  }
}
