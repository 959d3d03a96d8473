/**
 * @module The users of an account, the same under a trial (Provkonton) and under the customer it became (Kunder): the
 * list with each role, adding one (an invitation goes out), changing a role, removing one (access ends at once).
 */
import { html, nothing } from 'lit';
import { ApiError } from '../api.js';
import { date, isEmail } from '../format.js';
import { ROLES, type Role, type TrialUser } from '../types.js';
import { ChildElement, focusFirst } from './child.js';

export abstract class AccountElement extends ChildElement {
  static override properties = {
    ...ChildElement.properties,
    error: { state: true },
    message: { state: true },
    emailError: { state: true },
    busy: { state: true },
  };
  declare error: string | null;
  declare message: string;
  declare emailError: string | null;
  declare busy: boolean;

  /** Where the account's users live in the API: `/v1/trials/{id}` or `/v1/customers/{id}`. */
  protected abstract readonly path: string;
  /** The users as last known; null while they load. */
  protected abstract get users(): TrialUser[] | null;
  protected abstract changeUsers(users: TrialUser[]): void;
  /** Whether users may be changed now (an active trial, a live customer). */
  protected abstract get editable(): boolean;
  /** Whether a never-accepted invitation may be sent again from here (an active trial). */
  protected get canResend(): boolean {
    return false;
  }

  constructor() {
    super();
    this.error = null;
    this.message = '';
    this.emailError = null;
    this.busy = false;
  }

  /**
   * Runs one change: its message goes to the live region. A failure goes onto `field` when the API names it (with
   * `invalid` as the text for a malformed value), else to the alert. Resolves to the field's error, or null.
   */
  protected async run(work: () => Promise<string>, field?: string, invalid?: string): Promise<{ done: boolean; fieldError: string | null }> {
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

  private async addUser(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const role = String(data.get('role') ?? 'editor') as Role;
    const t = this.t.users;
    this.emailError = !isEmail(email) ? t.errEmail : (this.users ?? []).some((u) => u.email.toLowerCase() === email.toLowerCase()) ? t.errExists(email) : null;
    if (this.emailError) {
      this.message = '';
      return focusFirst(this, '#add-email');
    }
    const { done, fieldError } = await this.run(
      async () => {
        const user = await this.api.post<TrialUser>(`${this.path}/users`, { email, role });
        this.changeUsers([...(this.users ?? []), user]);
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
      await this.api.request('DELETE', `${this.path}/users/${user.id}`);
      this.changeUsers((this.users ?? []).filter((u) => u.id !== user.id));
      // The row and its button are gone: keep keyboard focus inside the account.
      await focusFirst(this, '#add-email', '#users-heading');
      return this.t.users.removed(user.email);
    });
  }

  private setRole(user: TrialUser, role: Role): void {
    void this.run(async () => {
      const updated = await this.api.request<TrialUser>('PATCH', `${this.path}/users/${user.id}`, { body: { role } });
      this.changeUsers((this.users ?? []).map((u) => (u.id === user.id ? updated : u)));
      return this.t.users.roleChanged(user.email);
    });
  }

  /** Sends the invitation again; the server allows it once a day per user, and says so with a 429. */
  private resend(user: TrialUser): void {
    void this.run(async () => {
      try {
        await this.api.post<TrialUser>(`${this.path}/users/${user.id}/resend`, {});
      } catch (e) {
        if (e instanceof ApiError && e.status === 429) return this.t.engagement.resendLimited(user.email);
        throw e;
      }
      return this.t.engagement.resent(user.email);
    });
  }

  /** The user's status and, once there is any, when the user was last active. */
  private userStatus(u: TrialUser) {
    const t = this.t;
    const last = u.lastActivityAt ? date(u.lastActivityAt, t.lang) : t.engagement.never;
    return html`${t.userStatus[u.status]}<br /><span class="muted">${t.engagement.lastActive}: ${last}</span>`;
  }

  protected usersView() {
    const t = this.t;
    const users = this.users;
    const editable = this.editable;
    if (!users) return html`<h4 id="users-heading" tabindex="-1">${t.users.heading}</h4><p class="muted" part="loading">${t.common.loading}</p>`;
    return html`<h4 id="users-heading" tabindex="-1">${t.users.heading}</h4>
      <div class="table-wrap">
        <table class="stack" part="table">
          <thead>
            <tr><th scope="col">${t.users.email}</th><th scope="col">${t.users.role}</th><th scope="col">${t.users.status}</th><th scope="col"><span class="sr-only">${t.trials.actions}</span></th></tr>
          </thead>
          <tbody>
            ${users.map(
              (u) => html`<tr>
                <td class="title" data-label=${t.users.email}>${u.email}</td>
                <td data-label=${t.users.role}>
                  <select part="input" aria-label=${t.users.roleLabel(u.email)} ?disabled=${!editable} @change=${(e: Event) => this.setRole(u, (e.target as HTMLSelectElement).value as Role)}>
                    ${ROLES.map((r) => html`<option value=${r} ?selected=${u.role === r}>${t.roles[r]}</option>`)}
                  </select>
                </td>
                <td data-label=${t.users.status}>${this.userStatus(u)}</td>
                <td class="buttons">
                  ${this.canResend && u.status === 'invited'
                    ? html`<button part="button" aria-label=${t.engagement.resendLabel(u.email)} aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.resend(u)}>${t.engagement.resend}</button>`
                    : nothing}
                  <button class="danger" part="button" aria-label=${t.users.removeLabel(u.email)} ?disabled=${!editable || users.length <= 1} aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => this.removeUser(u)}>${t.users.remove}</button>
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
            </form>`
        : nothing}`;
  }
}
