/** @module The "Nytt provkonto" dialog: organization, customer type and e-mail addresses, validated inline before it is sent. */
import { html, nothing } from 'lit';
import { ApiError } from '../api.js';
import { emit } from '../events.js';
import { parseEmails } from '../format.js';
import { CUSTOMER_TYPES, type Organization, type Trial } from '../types.js';
import { ChildElement } from './child.js';

/** The server's limit on users per trial. */
const MAX_USERS = 50;

type Field = 'organization' | 'customerType' | 'emails';

export class ResellerKitTrialForm extends ChildElement {
  static override properties = {
    ...ChildElement.properties,
    onCreated: { attribute: false },
    orgs: { state: true },
    errors: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  declare onCreated: (trial: Trial) => void;
  declare orgs: Organization[] | null;
  declare errors: Partial<Record<Field, string>>;
  declare error: string | null;
  declare busy: boolean;
  private opener: HTMLElement | null = null;

  constructor() {
    super();
    this.orgs = null;
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
    try {
      this.orgs = await this.api.all<Organization>('/v1/organizations');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#org')?.focus();
    } catch (e) {
      this.error = this.fail(e);
    }
  }

  private close(): void {
    this.dialog.close();
  }

  private onClose(): void {
    this.opener?.focus();
  }

  private validate(form: HTMLFormElement, only?: Field): { organizationId: string; customerType: string; emails: string[] } {
    const data = new FormData(form);
    const organizationId = String(data.get('organization') ?? '');
    const customerType = String(data.get('customerType') ?? '');
    const { emails, invalid } = parseEmails(String(data.get('emails') ?? ''));
    const t = this.t.create;
    const errors: Partial<Record<Field, string>> = {};
    if (!organizationId) errors.organization = t.errOrganization;
    if (!customerType) errors.customerType = t.errCustomerType;
    if (invalid.length) errors.emails = t.errEmailsInvalid(invalid.join(', '));
    else if (!emails.length) errors.emails = t.errEmailsEmpty;
    else if (emails.length > MAX_USERS) errors.emails = t.errEmailsTooMany(MAX_USERS);
    this.errors = only ? { ...this.errors, [only]: errors[only] } : errors;
    return { organizationId, customerType, emails };
  }

  /** Validate a field when the person leaves it, not while they type. */
  private onBlur(e: FocusEvent, field: Field): void {
    const form = (e.target as HTMLElement).closest('form')!;
    this.validate(form, field);
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const input = this.validate(form);
    const firstBad = (['organization', 'customerType', 'emails'] as Field[]).find((f) => this.errors[f]);
    if (firstBad) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`[name=${firstBad}]`)?.focus();
      return;
    }
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
      this.error = this.fail(err);
      if (err instanceof ApiError) {
        // Point at the field the server named, when it named one.
        const byField: Partial<Record<Field, string>> = {};
        for (const issue of err.issues) {
          const head = String(issue.path?.[0] ?? '');
          const field: Field | undefined = head === 'organizationId' ? 'organization' : head === 'customerType' ? 'customerType' : head === 'users' ? 'emails' : undefined;
          if (field) byField[field] = issue.message;
        }
        this.errors = byField;
      }
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

  override render() {
    const t = this.t.create;
    const orgs = this.orgs;
    return html`<dialog part="dialog" aria-labelledby="create-title" @close=${this.onClose}>
      <form novalidate @submit=${this.onSubmit}>
        <h3 id="create-title">${t.title}</h3>
        ${this.errorView(this.error)}
        ${orgs && orgs.length === 0 ? html`<p class="muted" part="empty">${t.noOrganizations}</p>` : nothing}
        <div class="field">
          <label for="org">${t.organization}</label>
          <select id="org" name="organization" part="input" aria-invalid=${this.errors.organization ? 'true' : 'false'} aria-describedby=${this.described('organization')} @blur=${(e: FocusEvent) => this.onBlur(e, 'organization')}>
            <option value="">${orgs ? t.chooseOrganization : this.t.common.loading}</option>
            ${(orgs ?? []).map((o) => html`<option value=${o.id}>${o.name}</option>`)}
          </select>
          ${this.fieldError('organization')}
        </div>
        <div class="field">
          <label for="ctype">${t.customerType}</label>
          <select id="ctype" name="customerType" part="input" aria-invalid=${this.errors.customerType ? 'true' : 'false'} aria-describedby=${this.described('customerType')} @blur=${(e: FocusEvent) => this.onBlur(e, 'customerType')}>
            <option value="">${t.chooseCustomerType}</option>
            ${CUSTOMER_TYPES.map((c) => html`<option value=${c}>${this.t.customerTypes[c]}</option>`)}
          </select>
          ${this.fieldError('customerType')}
        </div>
        <div class="field">
          <label for="emails">${t.emails}</label>
          <textarea id="emails" name="emails" rows="3" part="input" autocomplete="off" spellcheck="false" aria-invalid=${this.errors.emails ? 'true' : 'false'} aria-describedby=${this.described('emails', 'emails-hint')} @blur=${(e: FocusEvent) => this.onBlur(e, 'emails')}></textarea>
          <p class="hint" id="emails-hint">${t.emailsHint}</p>
          ${this.fieldError('emails')}
        </div>
        <div class="actions">
          <button type="button" part="button" @click=${this.close}>${this.t.common.cancel}</button>
          <button type="submit" class="primary" part="button button-primary" ?disabled=${this.busy}>${t.submit}</button>
        </div>
      </form>
    </dialog>`;
  }
}
