/**
 * @module "Påbörja beställning": a guided dialog (licence → invoicing and signer → signed agreement → review and submit),
 * also used to correct a rejected order.
 *
 * What the person types lives in a draft per trial, not only in the inputs: Escape or "Avbryt" closes the dialog and
 * opening it again brings back every field and the step they were on.
 */
import { html, nothing } from 'lit';
import { emit } from '../events.js';
import { bytes, date, isEmail, isOrgNumber, money } from '../format.js';
import { CUSTOMER_TYPES, type CustomerType, type Licence, type Order, type Organization, type Trial } from '../types.js';
import { ChildElement, focusFirst } from './child.js';

const STEPS = 4;
/** The server's upload limit; checked here too so nobody waits for a 10 MB upload to be refused. */
const MAX_PDF_BYTES = 10 * 1024 * 1024;

const TEXT_FIELDS = ['invoicing.name', 'invoicing.orgNumber', 'invoicing.email', 'invoicing.reference', 'signer.name', 'signer.email'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const FIELDS = ['customerType', 'licenceId', ...TEXT_FIELDS, 'agreement'] as const;
type FieldName = (typeof FIELDS)[number];
/** Which fields each step owns, for validation and for sending the person back to a bad field. */
const STEP_FIELDS: readonly FieldName[][] = [['customerType', 'licenceId'], [...TEXT_FIELDS], ['agreement'], []];

interface Draft {
  orderId: string | null;
  step: number;
  customerType: CustomerType;
  licenceId: string;
  text: Record<TextField, string>;
  file: File | null;
  /** Submit once signed, when sent for e-signing. */
  autoSubmit: boolean;
  /** The signing link out, once sent: whom to and until when. */
  signature: { signerEmail: string; expiresAt: string } | null;
}

const fieldId = (name: FieldName) => `f-${name.replace('.', '-')}`;

export class ResellerKitOrderFlow extends ChildElement {
  static override properties = {
    ...ChildElement.properties,
    onChange: { attribute: false },
    onTrialChange: { attribute: false },
    onClosed: { attribute: false },
    trial: { state: true },
    order: { state: true },
    licences: { state: true },
    draft: { state: true },
    errors: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
    done: { state: true },
  };
  declare onChange: (order: Order) => void;
  /** The trial's customer type was corrected on the way. */
  declare onTrialChange: (trial: Trial) => void;
  /** The dialog closed and the button that opened it is gone (the order went in): the list puts focus back. */
  declare onClosed: (trial: Trial) => void;
  declare trial: Trial | null;
  declare order: Order | null;
  declare licences: Licence[] | null;
  declare draft: Draft;
  declare errors: Partial<Record<FieldName, string>>;
  declare error: string | null;
  declare notice: string;
  declare busy: boolean;
  declare done: boolean;
  private opener: HTMLElement | null = null;
  /** Unsent work per trial, kept while the page lives. */
  private readonly drafts = new Map<string, Draft>();

  constructor() {
    super();
    this.trial = null;
    this.order = null;
    this.licences = null;
    this.draft = this.blank('other', null, null);
    this.errors = {};
    this.error = null;
    this.notice = '';
    this.busy = false;
    this.done = false;
  }

  private get dialog() {
    return this.renderRoot.querySelector('dialog')!;
  }

  private blank(customerType: CustomerType, order: Order | null, org: Pick<Organization, 'name' | 'orgNumber'> | null): Draft {
    const inv = order?.invoicing;
    return {
      orderId: order?.id ?? null,
      step: 0,
      customerType,
      licenceId: order?.licenceId ?? '',
      text: {
        'invoicing.name': inv?.name ?? org?.name ?? '',
        'invoicing.orgNumber': inv?.orgNumber ?? org?.orgNumber ?? '',
        'invoicing.email': inv?.email ?? '',
        'invoicing.reference': inv?.reference ?? '',
        'signer.name': order?.signer.name ?? '',
        'signer.email': order?.signer.email ?? '',
      },
      file: null,
      autoSubmit: true,
      signature: null,
    };
  }

  async open(trial: Trial, order: Order | null, opener: HTMLElement): Promise<void> {
    this.trial = trial;
    this.order = order;
    this.opener = opener;
    this.errors = {};
    this.error = null;
    this.notice = '';
    this.done = false;
    const kept = this.drafts.get(trial.id);
    // A kept draft belongs to the order as it was; if the order moved on meanwhile (submitted, decided), start afresh.
    this.draft = kept && kept.orderId === (order?.id ?? null) && order?.status !== 'submitted' ? kept : this.blank(trial.customerType, order, { name: trial.organizationName, orgNumber: null });
    this.drafts.set(trial.id, this.draft);
    await this.updateComplete;
    this.dialog.showModal();
    try {
      const [licences, org] = await Promise.all([
        this.licences ?? this.api.get<{ data: Licence[] }>('/v1/licences').then((r) => r.data),
        kept || order ? null : this.api.get<Organization>(`/v1/organizations/${trial.organizationId}`).catch(() => null),
      ]);
      this.licences = licences;
      // A link sent earlier (another visit) and still waiting shows as waiting.
      if (order && !order.agreement && !this.draft.signature) {
        const sent = await this.api.get<{ status: string; signerEmail: string; expiresAt: string }>(`/v1/orders/${order.id}/signature-request`).catch(() => null);
        if (sent?.status === 'sent') this.draft.signature = sent;
      }
      // The organization's number, when it has one, is the usual invoice recipient's.
      if (org?.orgNumber && !this.draft.text['invoicing.orgNumber']) this.draft.text['invoicing.orgNumber'] = org.orgNumber;
      this.requestUpdate();
      await this.focusStep();
    } catch (e) {
      const failure = this.fail(e);
      if (failure) this.error = failure.message;
    }
  }

  private close(): void {
    this.dialog.close();
  }

  /** Another session took over: its drafts are not this person's. */
  forget(): void {
    this.drafts.clear();
    this.renderRoot.querySelector('dialog')?.close();
  }

  private onDialogClose(): void {
    const opener = this.opener;
    if (opener?.isConnected && !opener.hasAttribute('disabled') && opener.offsetParent !== null) opener.focus();
    else if (this.trial) this.onClosed?.(this.trial);
  }

  private editable(): boolean {
    return this.trial?.status === 'active' && this.order?.status !== 'submitted' && this.order?.status !== 'approved';
  }

  private check(step: number): Partial<Record<FieldName, string>> {
    const t = this.t.order;
    const d = this.draft;
    const errors: Partial<Record<FieldName, string>> = {};
    for (const f of STEP_FIELDS[step] ?? []) {
      if (f === 'customerType' || f === 'invoicing.reference') continue;
      if (f === 'licenceId') {
        if (!this.matching().some((l) => l.id === d.licenceId)) errors[f] = t.errLicence;
      } else if (f === 'agreement') {
        const file = d.file;
        if (file && file.type !== 'application/pdf' && !file.name.toLowerCase().endsWith('.pdf')) errors[f] = t.agreementNotPdf;
        else if (file && file.size > MAX_PDF_BYTES) errors[f] = t.agreementTooBig;
        else if (!file && !this.order?.agreement) errors[f] = d.signature ? t.awaitingSignature(d.signature.signerEmail, date(d.signature.expiresAt, this.t.lang)) : t.agreementRequired;
      } else {
        const value = d.text[f].trim();
        if (!value) errors[f] = t.required;
        else if (f === 'invoicing.orgNumber' && !isOrgNumber(value)) errors[f] = t.errOrgNumber;
        else if (f.endsWith('email') && !isEmail(value)) errors[f] = t.errEmail;
      }
    }
    return errors;
  }

  private show(errors: Partial<Record<FieldName, string>>): boolean {
    this.errors = errors;
    const firstBad = FIELDS.find((f) => errors[f]);
    if (!firstBad) return false;
    const step = STEP_FIELDS.findIndex((fs) => fs.includes(firstBad));
    if (step >= 0) this.draft.step = step;
    void focusFirst(this, `#${fieldId(firstBad)}`);
    return true;
  }

  private focusStep(): Promise<void> {
    const first = { 0: this.editable() ? '#f-customerType' : '#f-licenceId', 1: '#f-invoicing-name', 2: '#f-agreement', 3: '#step-3-title' }[this.draft.step] ?? '';
    return focusFirst(this, first, `#step-${this.draft.step}-title`);
  }

  private goTo(step: number): void {
    this.draft.step = step;
    this.requestUpdate();
    // Focus moves into the new step, so screen readers announce where the person is.
    void this.focusStep();
  }

  /** Sends what the step collected: a corrected customer type and the licence first, the draft after step 2, the PDF after step 3, the submission at the end. */
  private async next(e?: Event): Promise<void> {
    e?.preventDefault();
    const step = this.draft.step;
    if (this.busy || this.show(this.check(step))) return;
    this.busy = true;
    this.error = null;
    try {
      if (step === 0) await this.saveCustomerType();
      if (step === 1) await this.saveDraft();
      if (step === 2 && this.draft.file) await this.upload(this.draft.file);
      if (step === 3) return await this.submit();
      this.goTo(step + 1);
    } catch (err) {
      this.showServerError(err);
    } finally {
      this.busy = false;
    }
  }

  private async saveCustomerType(): Promise<void> {
    const trial = this.trial!;
    if (this.draft.customerType === trial.customerType) return;
    this.trial = await this.api.request<Trial>('PATCH', `/v1/trials/${trial.id}`, { body: { customerType: this.draft.customerType } });
    this.notice = this.t.order.customerTypeChanged(this.t.customerTypes[this.trial.customerType]);
    this.onTrialChange?.(this.trial);
    emit(this, 'resellerkit-trial-updated', { trial: this.trial });
  }

  private async saveDraft(): Promise<void> {
    const text = (f: TextField) => this.draft.text[f].trim();
    const reference = text('invoicing.reference');
    const body = {
      licenceId: this.draft.licenceId,
      invoicing: { name: text('invoicing.name'), orgNumber: text('invoicing.orgNumber'), email: text('invoicing.email'), ...(reference && { reference }) },
      signer: { name: text('signer.name'), email: text('signer.email') },
    };
    const order = this.order;
    this.order =
      order && (order.status === 'draft' || order.status === 'rejected')
        ? await this.api.request<Order>('PATCH', `/v1/orders/${order.id}`, { body })
        : await this.api.post<Order>(`/v1/trials/${this.trial!.id}/orders`, body);
    this.draft.orderId = this.order.id;
    this.onChange?.(this.order);
  }

  private async upload(file: File): Promise<void> {
    try {
      this.order = await this.api.request<Order>('PUT', `/v1/orders/${this.order!.id}/agreement?filename=${encodeURIComponent(file.name)}`, { raw: file, contentType: 'application/pdf' });
    } catch (e) {
      // The size limit is enforced while reading the upload, before any rule can name the field.
      if ((e as { status?: number }).status === 413) return void this.show({ agreement: this.t.order.agreementTooBig });
      throw e;
    }
    this.draft.file = null;
    this.onChange?.(this.order);
  }

  /** "Skicka för signering": the signer gets a one-time link by e-mail; a second press sends a new one in its place. */
  private async sendForSigning(): Promise<void> {
    const signerErrors = this.check(1);
    const bad = (['signer.name', 'signer.email'] as const).filter((f) => signerErrors[f]);
    if (this.busy) return;
    if (bad.length) {
      this.errors = { ...this.errors, ...Object.fromEntries(bad.map((f) => [f, signerErrors[f]])) };
      return void focusFirst(this, `#${fieldId(bad[0]!)}`);
    }
    this.busy = true;
    this.error = null;
    try {
      const signer = { name: this.draft.text['signer.name'].trim(), email: this.draft.text['signer.email'].trim() };
      const sent = await this.api.post<{ signerEmail: string; expiresAt: string }>(`/v1/orders/${this.order!.id}/signature-request`, { signer, autoSubmit: this.draft.autoSubmit });
      this.draft = { ...this.draft, signature: sent };
      this.drafts.set(this.trial!.id, this.draft);
      this.order = { ...this.order!, signer };
      this.notice = this.t.order.awaitingSignature(sent.signerEmail, date(sent.expiresAt, this.t.lang));
      this.errors = {};
    } catch (err) {
      this.showServerError(err);
    } finally {
      this.busy = false;
    }
  }

  private async cancelSigning(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.api.request('DELETE', `/v1/orders/${this.order!.id}/signature-request`);
    } catch (err) {
      // Gone already (signed, declined or withdrawn meanwhile): nothing is waiting either way.
      if ((err as { status?: number }).status !== 404) return void this.showServerError(err);
    } finally {
      this.busy = false;
    }
    this.draft = { ...this.draft, signature: null };
    this.drafts.set(this.trial!.id, this.draft);
    this.notice = '';
  }

  private esignSection() {
    const t = this.t.order;
    const d = this.draft;
    return html`<fieldset class="esign">
      <legend>${t.esign}</legend>
      <p class="hint">${t.esignHint}</p>
      ${this.field('signer.name', t.signerName)} ${this.field('signer.email', t.signerEmail, { type: 'email' })}
      <div class="field">
        <label><input id="f-autoSubmit" type="checkbox" .checked=${d.autoSubmit} @change=${(e: Event) => (this.draft.autoSubmit = (e.target as HTMLInputElement).checked)} /> ${t.autoSubmit}</label>
      </div>
      <button type="button" id="send-for-signing" part="button" aria-disabled=${this.busy ? 'true' : 'false'} @click=${this.sendForSigning}>${d.signature ? t.resend : t.sendForSigning}</button>
      ${d.signature
        ? html`<button type="button" part="button" @click=${this.cancelSigning}>${t.cancelSigning}</button>
            <p class="muted">${t.awaitingSignature(d.signature.signerEmail, date(d.signature.expiresAt, this.t.lang))}</p>`
        : nothing}
    </fieldset>`;
  }

  private async submit(): Promise<void> {
    const order = await this.api.post<Order>(`/v1/orders/${this.order!.id}/submit`);
    this.order = order;
    this.done = true;
    this.drafts.delete(this.trial!.id);
    this.onChange?.(order);
    emit(this, 'resellerkit-order-submitted', { order });
    await focusFirst(this, '#done-close');
  }

  /** The widget's own text in the alert, and field-level issues back on their fields (and their step). */
  private showServerError(err: unknown): void {
    const t = this.t.order;
    const invalid = (field: FieldName) => (field === 'invoicing.orgNumber' ? t.errOrgNumber : field.endsWith('email') ? t.errEmail : t.required);
    const failure = this.fail(err, (name) => (FIELDS as readonly string[]).includes(name) ? (name as FieldName) : undefined, invalid);
    if (!failure) return;
    // On a field, the message is said there (focus goes to it); the alert says it only when no field carries it.
    this.error = Object.keys(failure.fields).length ? null : failure.message;
    this.show(failure.fields);
  }

  private back(): void {
    this.error = null;
    this.goTo(Math.max(0, this.draft.step - 1));
  }

  /** Licences of the chosen customer type; all of them if the catalogue has none for it (the server still checks). */
  private matching(): Licence[] {
    return (this.licences ?? []).filter((l) => l.customerType === this.draft.customerType);
  }

  private fieldError(name: FieldName) {
    const err = this.errors[name];
    return err ? html`<p class="field-error" id="${fieldId(name)}-error">${err}</p>` : nothing;
  }

  private aria(name: FieldName, hint = '') {
    return { invalid: this.errors[name] ? 'true' : 'false', describedby: [hint, this.errors[name] ? `${fieldId(name)}-error` : ''].filter(Boolean).join(' ') };
  }

  private onText(name: TextField, e: Event): void {
    this.draft.text[name] = (e.target as HTMLInputElement).value;
    if (this.errors[name]) this.errors = { ...this.errors, [name]: this.check(1)[name] };
  }

  private field(name: TextField, label: string, opts: { type?: string; autocomplete?: string } = {}) {
    const id = fieldId(name);
    const a = this.aria(name);
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input id=${id} name=${name} part="input" type=${opts.type ?? 'text'} .value=${this.draft.text[name]} autocomplete=${opts.autocomplete ?? 'off'} aria-invalid=${a.invalid} aria-describedby=${a.describedby} @input=${(e: Event) => this.onText(name, e)} />
      ${this.fieldError(name)}
    </div>`;
  }

  private stepHeading(step: number) {
    const t = this.t.order;
    return html`<h4 id="step-${step}-title" tabindex="-1">${t.stepOf(step + 1, STEPS)}: ${t.steps[step]}</h4>`;
  }

  private licenceSummary(l: Licence | undefined) {
    if (!l) return nothing;
    const t = this.t.order;
    const lang = this.t.lang;
    return html`<dl class="summary">
      <dt>${t.price}</dt><dd>${money(l.annualPrice, lang)}</dd>
      <dt>${t.margin} (${l.discountPercent} %)</dt><dd>${money(l.resellerMargin, lang)}</dd>
      <dt>${t.vendorAmount}</dt><dd>${money(l.vendorAmount, lang)}</dd>
    </dl>`;
  }

  private licenceStep() {
    const t = this.t.order;
    const d = this.draft;
    const licences = this.matching();
    const licence = licences.find((l) => l.id === d.licenceId);
    const type = this.aria('customerType', 'f-customerType-hint');
    const lic = this.aria('licenceId');
    return html`${this.editable()
        ? html`<div class="field">
            <label for="f-customerType">${t.customerType}</label>
            <select id="f-customerType" part="input" aria-invalid=${type.invalid} aria-describedby=${type.describedby} @change=${(e: Event) => this.pickCustomerType((e.target as HTMLSelectElement).value as CustomerType)}>
              ${CUSTOMER_TYPES.map((c) => html`<option value=${c} ?selected=${c === d.customerType}>${this.t.customerTypes[c]}</option>`)}
            </select>
            <p class="hint" id="f-customerType-hint">${t.customerTypeHint}</p>
            ${this.fieldError('customerType')}
          </div>`
        : html`<p>${t.customerType}: ${this.t.customerTypes[d.customerType]}</p>`}
      <div class="field">
        <label for="f-licenceId">${t.licence}</label>
        <select id="f-licenceId" part="input" aria-invalid=${lic.invalid} aria-describedby=${lic.describedby} @change=${(e: Event) => this.pickLicence((e.target as HTMLSelectElement).value)}>
          <option value="">${this.licences ? (licences.length ? t.chooseLicence : t.noLicences) : this.t.common.loading}</option>
          ${licences.map((l) => html`<option value=${l.id} ?selected=${l.id === d.licenceId}>${l.name} – ${money(l.annualPrice, this.t.lang)}</option>`)}
        </select>
        ${this.fieldError('licenceId')}
      </div>
      ${this.licenceSummary(licence)}`;
  }

  private pickCustomerType(type: CustomerType): void {
    // The chosen licence stays only if it is one of the new type's.
    const fits = (this.licences ?? []).some((l) => l.id === this.draft.licenceId && l.customerType === type);
    this.draft = { ...this.draft, customerType: type, licenceId: fits ? this.draft.licenceId : '' };
    this.drafts.set(this.trial!.id, this.draft);
    this.errors = {};
  }

  private pickLicence(id: string): void {
    this.draft = { ...this.draft, licenceId: id };
    this.drafts.set(this.trial!.id, this.draft);
    // The message goes as soon as a choice makes it untrue.
    if (this.errors.licenceId && id) this.errors = { ...this.errors, licenceId: undefined };
  }

  private pickFile(e: Event): void {
    this.draft = { ...this.draft, file: (e.target as HTMLInputElement).files?.[0] ?? null };
    this.drafts.set(this.trial!.id, this.draft);
    this.errors = { ...this.errors, agreement: this.draft.file ? this.check(2).agreement : this.errors.agreement };
  }

  private agreementStep() {
    const t = this.t.order;
    const lang = this.t.lang;
    const attached = this.order?.agreement;
    const file = this.draft.file;
    const a = this.aria('agreement', 'agreement-name agreement-hint');
    return html`${attached ? html`<p class="muted">${attached.signedElectronically ? `${t.signedElectronically}. ` : ''}${t.agreementAttached(attached.filename ?? t.agreementUnnamed, bytes(attached.size, lang), date(attached.uploadedAt, lang))}</p>` : this.esignSection()}
      <div class="field">
        <p id="agreement-label"><strong>${t.agreement}</strong></p>
        <div class="file">
          <input id="f-agreement" name="agreement" type="file" accept="application/pdf,.pdf" part="input" aria-labelledby="agreement-label" aria-invalid=${a.invalid} aria-describedby=${a.describedby} @change=${this.pickFile} />
          <label for="f-agreement" part="button" aria-hidden="true">${attached || file ? t.replaceFile : t.chooseFile}</label>
          <span id="agreement-name">${file ? `${file.name} (${bytes(file.size, lang)})` : t.noFile}</span>
        </div>
        <p class="hint" id="agreement-hint">${t.agreementHint}</p>
        ${this.errors.agreement ? html`<p class="field-error" id="f-agreement-error">${this.errors.agreement}</p>` : nothing}
      </div>`;
  }

  private reviewStep() {
    const t = this.t.order;
    const lang = this.t.lang;
    const order = this.order;
    const licence = (this.licences ?? []).find((l) => l.id === this.draft.licenceId);
    const agreement = order?.agreement;
    return html`<dl class="summary">
      <dt>${t.customerType}</dt><dd>${this.t.customerTypes[this.draft.customerType]}</dd>
      <dt>${t.licence}</dt><dd>${licence?.name ?? '–'}</dd>
      ${licence ? html`<dt>${t.price}</dt><dd>${money(licence.annualPrice, lang)}</dd><dt>${t.margin}</dt><dd>${money(licence.resellerMargin, lang)}</dd>` : nothing}
      <dt>${t.invoicing}</dt><dd>${order ? [order.invoicing.name, order.invoicing.orgNumber, order.invoicing.email, order.invoicing.reference].filter(Boolean).join(', ') : '–'}</dd>
      <dt>${t.signer}</dt><dd>${order ? `${order.signer.name}, ${order.signer.email}` : '–'}</dd>
      <dt>${t.agreement}</dt><dd>${agreement ? `${agreement.filename ?? t.agreementUnnamed} (${bytes(agreement.size, lang)})` : '–'}</dd>
    </dl>`;
  }

  private steps() {
    const t = this.t.order;
    const step = this.draft.step;
    const body = [
      () => this.licenceStep(),
      () => html`<fieldset>
          <legend>${t.invoicing}</legend>
          ${this.field('invoicing.name', t.invoiceName, { autocomplete: 'organization' })}
          ${this.field('invoicing.orgNumber', t.invoiceOrgNumber)}
          ${this.field('invoicing.email', t.invoiceEmail, { type: 'email' })}
          ${this.field('invoicing.reference', t.invoiceReference)}
        </fieldset>
        <fieldset>
          <legend>${t.signer}</legend>
          ${this.field('signer.name', t.signerName)}
          ${this.field('signer.email', t.signerEmail, { type: 'email' })}
        </fieldset>`,
      () => this.agreementStep(),
      () => this.reviewStep(),
    ][step]!;
    return html`<fieldset><legend class="sr-only">${t.steps[step]}</legend>${this.stepHeading(step)} ${body()}</fieldset>`;
  }

  override render() {
    const t = this.t.order;
    const trial = this.trial;
    const order = this.order;
    const last = this.draft.step === STEPS - 1;
    return html`<dialog part="dialog" aria-labelledby="order-title" @close=${this.onDialogClose}>
      <h3 id="order-title">${trial ? t.title(trial.organizationName) : ''}</h3>
      <p class="status" role="status" part="status">${this.done ? t.submitted : this.notice}</p>
      ${this.errorView(this.error)}
      ${order?.status === 'rejected' && order.rejectionReason && !this.done
        ? html`<p class="note"><strong>${t.rejectionReason}:</strong> ${order.rejectionReason}</p>`
        : nothing}
      ${this.done
        ? html`<div class="actions"><button id="done-close" class="primary" part="button button-primary" @click=${this.close}>${this.t.common.close}</button></div>`
        : html`<form novalidate @submit=${this.next}>
            <ol class="progress" aria-label=${t.stepOf(this.draft.step + 1, STEPS)}>
              ${t.steps.map((s, i) => html`<li aria-current=${i === this.draft.step ? 'step' : 'false'}>${s}</li>`)}
            </ol>
            ${trial ? this.steps() : nothing}
            <div class="actions">
              <button type="button" part="button" @click=${this.close}>${this.t.common.cancel}</button>
              ${this.draft.step > 0 ? html`<button type="button" part="button" @click=${this.back}>${this.t.common.back}</button>` : nothing}
              <button type="submit" class="primary" part="button button-primary" aria-disabled=${this.busy ? 'true' : 'false'}>${last ? t.submit : this.t.common.next}</button>
            </div>
          </form>`}
    </dialog>`;
  }
}
