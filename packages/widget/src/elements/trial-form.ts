/**
 * @module The "Nytt provkonto" dialog: organization, customer type and e-mail addresses.
 *
 * Checked when the person submits, and again as they type in a field already marked, never when a field loses focus:
 * an error that appears or disappears on blur moves the buttons under a pointer that is pressing one of them.
 */
import { html, nothing } from 'lit';
import { parseEmails } from '../format.js';
import { CUSTOMER_TYPES, type Organization, type Trial } from '../types.js';
import { emit } from '../events.js';
import { ChildElement, focusFirst } from './child.js';

/** The server's limit on users per trial. */
const MAX_USERS = 50;

const FIELDS = ['organization', 'customerType', 'emails'] as const;
type Field = (typeof FIELDS)[number];
/** Which form field each API field lands on. */
const API_FIELDS: Record<string, Field> = { organizationId: 'organization', customerType: 'customerType', users: 'emails', 'users.email': 'emails' };

export class ResellerKitTrialForm extends ChildElement {
  static override properties = {
    ...ChildElement.properties,
    onCreated: { attribute: false },
    orgs: { state: true },
    orgsFailed: { state: true },
    errors: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  declare onCreated: (trial: Trial) => void;
  declare orgs: Organization[] | null;
  declare orgsFailed: boolean;
  declare errors: Partial<Record<Field, string>>;
  declare error: string | null;
  declare busy: boolean;
  private opener: HTMLElement | null = null;

  constructor() {
    super();
    this.orgs = null;
    this.orgsFailed = false;
    this.errors = {};
    this.error = null;
    this.busy = false;
  }

  private get dialog() {
    return this.renderRoot.querySelector('dialog')!;
  }

  async open(opener: HTMLElement | null): Promise<void> {
    this.opener = opener;
    this.errors = {};
    this.error = null;
    this.renderRoot.querySelector('form')?.reset();
    await this.updateComplete;
    this.dialog.showModal();
    await this.loadOrganizations();
  }

  private async loadOrganizations(): Promise<void> {
    this.orgs = null;
    this.orgsFailed = false;
    this.error = null;
    try {
      this.orgs = await this.api.all<Organization>('/v1/organizations');
      await focusFirst(this, '#org');
    } catch (e) {
      const failure = this.fail(e);
      if (!failure) return;
      this.orgsFailed = true;
      this.error = failure.message;
      await focusFirst(this, '#orgs-retry');
    }
  }

  close(): void {
    this.dialog.close();
  }

  private onClose(): void {
    this.opener?.focus();
  }

  private read(form: HTMLFormElement) {
    const data = new FormData(form);
    return {
      organizationId: String(data.get('organization') ?? ''),
      customerType: String(data.get('customerType') ?? ''),
      ...parseEmails(String(data.get('emails') ?? '')),
    };
  }

  private check(form: HTMLFormElement): Partial<Record<Field, string>> {
    const input = this.read(form);
    const t = this.t.create;
    const errors: Partial<Record<Field, string>> = {};
    if (!input.organizationId) errors.organization = t.errOrganization;
    if (!input.customerType) errors.customerType = t.errCustomerType;
    if (input.invalid.length) {
      const letters = input.invalid.some((e) => /[^\x00-\x7f]/.test(e));
      errors.emails = `${t.errEmailsInvalid(input.invalid)}${letters ? ` ${t.errEmailsLetters}` : ''}`;
    } else if (!input.emails.length) errors.emails = t.errEmailsEmpty;
    else if (input.emails.length > MAX_USERS) errors.emails = t.errEmailsTooMany(MAX_USERS);
    return errors;
  }

  /** A field already marked is checked again as the person corrects it (never on blur: see the module comment). */
  private onInput(e: Event): void {
    const field = (e.target as HTMLInputElement).name as Field;
    if (!this.errors[field]) return;
    this.errors = { ...this.errors, [field]: this.check((e.target as HTMLElement).closest('form')!)[field] };
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    const form = e.target as HTMLFormElement;
    this.errors = this.check(form);
    const firstBad = FIELDS.find((f) => this.errors[f]);
    if (firstBad) return focusFirst(this, `[name=${firstBad}]`);
    const input = this.read(form);
    this.busy = true;
    this.error = null;
    try {
      const trial = await this.api.post<Trial>('/v1/trials', {
        organizationId: input.organizationId,
        customerType: input.customerType,
        users: input.emails.map((email) => ({ email })),
      });
      this.close();
      this.onCreated?.(trial);
      emit(this, 'resellerkit-trial-created', { trial });
    } catch (err) {
      const badEmail = (path: readonly (string | number)[]) => input.emails[Number(path.find((p) => typeof p === 'number'))];
      const failure = this.fail(err, (name) => API_FIELDS[name], (field, path) =>
        field === 'emails' && badEmail(path) ? this.t.create.errEmailsInvalid([badEmail(path)!]) : this.t.errors.fields,
      );
      if (!failure) return;
      this.errors = failure.fields;
      // On a field, the message is said there; the alert says so only when no field carries it.
      this.error = Object.keys(failure.fields).length ? null : failure.message;
      const bad = FIELDS.find((f) => this.errors[f]);
      if (bad) await focusFirst(this, `[name=${bad}]`);
    } finally {
      this.busy = false;
    }
  }

  private fieldError(field: Field) {
    const msg = this.errors[field];
    return msg ? html`<p class="field-error" id="${field}-error">${msg}</p>` : nothing;
  }

  private described(field: Field, hint?: string): string {
    return [hint, this.errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ');
  }

  private organizationOptions() {
    const t = this.t.create;
    const orgs = this.orgs;
    if (!orgs) return html`<option value="">${this.orgsFailed ? t.organizationsFailed : this.t.common.loading}</option>`;
    return html`<option value="">${t.chooseOrganization}</option>
      ${orgs.map((o) => {
        const held = o.heldBy ? (o.heldBy.status === 'converted' ? t.heldByCustomer : t.heldByTrial) : '';
        return html`<option value=${o.id} ?disabled=${!!held}>${held ? `${o.name} (${held})` : o.name}</option>`;
      })}`;
  }

  override render() {
    const t = this.t.create;
    const orgs = this.orgs;
    const free = orgs?.filter((o) => !o.heldBy).length ?? 0;
    return html`<dialog part="dialog" aria-labelledby="create-title" @close=${this.onClose}>
      <form novalidate @submit=${this.onSubmit} @input=${this.onInput} @change=${this.onInput}>
        <h3 id="create-title">${t.title}</h3>
        ${this.errorView(this.error)}
        ${this.orgsFailed ? html`<button type="button" id="orgs-retry" part="button" @click=${this.loadOrganizations}>${this.t.common.retry}</button>` : nothing}
        ${orgs && orgs.length === 0 ? html`<p class="muted" part="empty">${t.noOrganizations}</p>` : nothing}
        ${orgs && orgs.length > 0 && free === 0 ? html`<p class="muted" part="empty">${t.noFreeOrganizations}</p>` : nothing}
        <div class="field">
          <label for="org">${t.organization}</label>
          <select id="org" name="organization" part="input" aria-invalid=${this.errors.organization ? 'true' : 'false'} aria-describedby=${this.described('organization')}>
            ${this.organizationOptions()}
          </select>
          ${this.fieldError('organization')}
        </div>
        <div class="field">
          <label for="ctype">${t.customerType}</label>
          <select id="ctype" name="customerType" part="input" aria-invalid=${this.errors.customerType ? 'true' : 'false'} aria-describedby=${this.described('customerType')}>
            <option value="">${t.chooseCustomerType}</option>
            ${CUSTOMER_TYPES.map((c) => html`<option value=${c}>${this.t.customerTypes[c]}</option>`)}
          </select>
          ${this.fieldError('customerType')}
        </div>
        <div class="field">
          <label for="emails">${t.emails}</label>
          <textarea id="emails" name="emails" rows="3" part="input" autocomplete="off" spellcheck="false" aria-invalid=${this.errors.emails ? 'true' : 'false'} aria-describedby=${this.described('emails', 'emails-hint')}></textarea>
          <p class="hint" id="emails-hint">${t.emailsHint}</p>
          ${this.fieldError('emails')}
        </div>
        <div class="actions">
          <button type="button" part="button" @click=${this.close}>${this.t.common.cancel}</button>
          <button type="submit" class="primary" part="button button-primary" aria-disabled=${this.busy ? 'true' : 'false'}>${t.submit}</button>
        </div>
      </form>
    </dialog>`;
  }
}
