/** @module "Påbörja beställning": a guided dialog (licence → invoicing and signer → signed agreement → review and submit), also used to correct a rejected order. */
import { html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { ApiError } from '../api.js';
import { emit } from '../events.js';
import { bytes, money } from '../format.js';
import type { Licence, Order, Trial } from '../types.js';
import { ChildElement } from './child.js';

const STEPS = 4;
/** The server's upload limit; checked here too so nobody waits for a 10 MB upload to be refused. */
const MAX_PDF_BYTES = 10 * 1024 * 1024;

const FIELDS = ['licenceId', 'invoicing.name', 'invoicing.orgNumber', 'invoicing.email', 'invoicing.reference', 'signer.name', 'signer.email', 'agreement'] as const;
type FieldName = (typeof FIELDS)[number];
/** Which fields each step owns, for validation and for sending the person back to a bad field. */
const STEP_FIELDS: FieldName[][] = [['licenceId'], ['invoicing.name', 'invoicing.orgNumber', 'invoicing.email', 'invoicing.reference', 'signer.name', 'signer.email'], ['agreement'], []];

export class ResellerKitOrderFlow extends ChildElement {
  static override properties = {
    ...ChildElement.properties,
    onChange: { attribute: false },
    trial: { state: true },
    order: { state: true },
    licences: { state: true },
    licenceId: { state: true },
    step: { state: true },
    errors: { state: true },
    error: { state: true },
    busy: { state: true },
    done: { state: true },
  };
  declare onChange: (order: Order) => void;
  declare trial: Trial | null;
  declare order: Order | null;
  declare licences: Licence[] | null;
  declare licenceId: string;
  declare step: number;
  declare errors: Partial<Record<FieldName, string>>;
  declare error: string | null;
  declare busy: boolean;
  declare done: boolean;
  private opener: HTMLElement | null = null;
  private file: File | null = null;
  private opened = 0;

  constructor() {
    super();
    this.trial = null;
    this.order = null;
    this.licences = null;
    this.licenceId = '';
    this.step = 0;
    this.errors = {};
    this.error = null;
    this.busy = false;
    this.done = false;
  }

  /** Options arrive after the select is rendered; keep its value in step with the chosen licence. */
  protected override updated(): void {
    const select = this.renderRoot.querySelector<HTMLSelectElement>('#licence');
    if (select && this.licences && select.value !== this.licenceId) select.value = this.licenceId;
  }

  private get dialog() {
    return this.renderRoot.querySelector('dialog')!;
  }

  async open(trial: Trial, order: Order | null, opener: HTMLElement): Promise<void> {
    this.opened++;
    this.trial = trial;
    this.order = order;
    this.opener = opener;
    this.licenceId = order?.licenceId ?? '';
    this.step = 0;
    this.errors = {};
    this.error = null;
    this.done = false;
    this.file = null;
    await this.updateComplete;
    this.dialog.showModal();
    try {
      this.licences ??= (await this.api.get<{ data: Licence[] }>('/v1/licences')).data;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#licence')?.focus();
    } catch (e) {
      this.error = this.fail(e);
    }
  }

  private close(): void {
    this.dialog.close();
  }

  private value(name: FieldName): string {
    const el = this.renderRoot.querySelector<HTMLInputElement>(`[name="${name}"]`);
    return el?.value.trim() ?? '';
  }

  private validateStep(step: number): boolean {
    const t = this.t.order;
    const errors: Partial<Record<FieldName, string>> = {};
    for (const f of STEP_FIELDS[step] ?? []) {
      if (f === 'invoicing.reference') continue;
      if (f === 'agreement') {
        if (this.file && this.file.type !== 'application/pdf' && !this.file.name.toLowerCase().endsWith('.pdf')) errors[f] = t.agreementNotPdf;
        else if (this.file && this.file.size > MAX_PDF_BYTES) errors[f] = t.agreementHint;
        else if (!this.file && !this.order?.agreement) errors[f] = t.agreementRequired;
      } else if (!this.value(f)) errors[f] = f === 'licenceId' ? t.chooseLicence : t.required;
    }
    this.errors = errors;
    const firstBad = FIELDS.find((f) => errors[f]);
    if (firstBad) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[name="${firstBad}"]`)?.focus());
    return !firstBad;
  }

  private goTo(step: number): void {
    this.step = step;
    // Move focus to the new step's heading so screen readers announce where the person is.
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#step-${step}-title`)?.focus());
  }

  /** Sends what the step collected: the draft after step 2, the PDF after step 3, the submission at the end. */
  private async next(e?: Event): Promise<void> {
    e?.preventDefault();
    if (this.busy || !this.validateStep(this.step)) return;
    this.busy = true;
    this.error = null;
    try {
      if (this.step === 1) await this.saveDraft();
      if (this.step === 2 && this.file) await this.upload(this.file);
      if (this.step === 3) return await this.submit();
      this.goTo(this.step + 1);
    } catch (err) {
      this.showServerError(err);
    } finally {
      this.busy = false;
    }
  }

  private async saveDraft(): Promise<void> {
    const reference = this.value('invoicing.reference');
    const body = {
      licenceId: this.licenceId,
      invoicing: { name: this.value('invoicing.name'), orgNumber: this.value('invoicing.orgNumber'), email: this.value('invoicing.email'), ...(reference && { reference }) },
      signer: { name: this.value('signer.name'), email: this.value('signer.email') },
    };
    const order = this.order;
    this.order =
      order && (order.status === 'draft' || order.status === 'rejected')
        ? await this.api.request<Order>('PATCH', `/v1/orders/${order.id}`, { body })
        : await this.api.post<Order>(`/v1/trials/${this.trial!.id}/orders`, body);
    this.onChange?.(this.order);
  }

  private async upload(file: File): Promise<void> {
    this.order = await this.api.request<Order>('PUT', `/v1/orders/${this.order!.id}/agreement`, { raw: file, contentType: 'application/pdf' });
    this.file = null;
    this.onChange?.(this.order);
  }

  private async submit(): Promise<void> {
    const order = await this.api.post<Order>(`/v1/orders/${this.order!.id}/submit`);
    this.order = order;
    this.done = true;
    this.onChange?.(order);
    emit(this, 'resellerkit-order-submitted', { order });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#done-close')?.focus();
  }

  /** Shows the server's message, and puts field-level issues back on their fields (and their step). */
  private showServerError(err: unknown): void {
    this.error = this.fail(err);
    if (!(err instanceof ApiError)) return;
    const errors: Partial<Record<FieldName, string>> = {};
    for (const issue of err.issues) {
      const name = (issue.path ?? []).join('.') as FieldName;
      if (FIELDS.includes(name)) errors[name] = issue.message;
    }
    this.errors = errors;
    const step = STEP_FIELDS.findIndex((fs) => fs.some((f) => errors[f]));
    if (step >= 0 && step !== this.step) this.step = step;
  }

  private back(): void {
    this.error = null;
    this.goTo(Math.max(0, this.step - 1));
  }

  private field(name: FieldName, label: string, opts: { type?: string; value?: string; autocomplete?: string } = {}) {
    const err = this.errors[name];
    const id = `f-${name.replace('.', '-')}`;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      <input id=${id} name=${name} part="input" type=${opts.type ?? 'text'} .value=${opts.value ?? ''} autocomplete=${opts.autocomplete ?? 'off'} aria-invalid=${err ? 'true' : 'false'} aria-describedby=${err ? `${id}-error` : ''} />
      ${err ? html`<p class="field-error" id="${id}-error">${err}</p>` : nothing}
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

  private steps() {
    const t = this.t.order;
    const lang = this.t.lang;
    const trial = this.trial;
    const order = this.order;
    if (!trial) return nothing;
    const all = this.licences ?? [];
    const matching = all.filter((l) => l.customerType === trial.customerType);
    const licences = matching.length ? matching : all;
    const licence = all.find((l) => l.id === this.licenceId);
    const agreementErr = this.errors.agreement;
    return html`
      <fieldset ?hidden=${this.step !== 0}>
        <legend class="sr-only">${t.steps[0]}</legend>
        ${this.stepHeading(0)}
        <div class="field">
          <label for="licence">${t.licence}</label>
          <select id="licence" name="licenceId" part="input" aria-invalid=${this.errors.licenceId ? 'true' : 'false'} aria-describedby=${this.errors.licenceId ? 'licence-error' : ''} @change=${(e: Event) => (this.licenceId = (e.target as HTMLSelectElement).value)}>
            <option value="">${this.licences ? t.chooseLicence : this.t.common.loading}</option>
            ${licences.map((l) => html`<option value=${l.id} ?selected=${l.id === this.licenceId}>${l.name} – ${money(l.annualPrice, lang)}</option>`)}
          </select>
          ${this.errors.licenceId ? html`<p class="field-error" id="licence-error">${this.errors.licenceId}</p>` : nothing}
        </div>
        ${this.licenceSummary(licence)}
      </fieldset>
      <fieldset ?hidden=${this.step !== 1}>
        <legend class="sr-only">${t.steps[1]}</legend>
        ${this.stepHeading(1)}
        <p><strong>${t.invoicing}</strong></p>
        ${this.field('invoicing.name', t.invoiceName, { value: order?.invoicing.name ?? trial.organizationName, autocomplete: 'organization' })}
        ${this.field('invoicing.orgNumber', t.invoiceOrgNumber, { value: order?.invoicing.orgNumber ?? '' })}
        ${this.field('invoicing.email', t.invoiceEmail, { type: 'email', value: order?.invoicing.email ?? '' })}
        ${this.field('invoicing.reference', t.invoiceReference, { value: order?.invoicing.reference ?? '' })}
        <p><strong>${t.signer}</strong></p>
        ${this.field('signer.name', t.signerName, { value: order?.signer.name ?? '' })}
        ${this.field('signer.email', t.signerEmail, { type: 'email', value: order?.signer.email ?? '' })}
      </fieldset>
      <fieldset ?hidden=${this.step !== 2}>
        <legend class="sr-only">${t.steps[2]}</legend>
        ${this.stepHeading(2)}
        ${order?.agreement ? html`<p class="muted">${t.agreementAttached(bytes(order.agreement.size, lang))}</p>` : nothing}
        <div class="field">
          <label for="agreement">${t.agreement}</label>
          <input id="agreement" name="agreement" type="file" accept="application/pdf,.pdf" part="input" aria-invalid=${agreementErr ? 'true' : 'false'} aria-describedby="agreement-hint ${agreementErr ? 'agreement-error' : ''}" @change=${(e: Event) => (this.file = (e.target as HTMLInputElement).files?.[0] ?? null)} />
          <p class="hint" id="agreement-hint">${t.agreementHint}</p>
          ${agreementErr ? html`<p class="field-error" id="agreement-error">${agreementErr}</p>` : nothing}
        </div>
      </fieldset>
      <fieldset ?hidden=${this.step !== 3}>
        <legend class="sr-only">${t.steps[3]}</legend>
        ${this.stepHeading(3)}
        <dl class="summary">
          <dt>${t.licence}</dt><dd>${licence?.name ?? '–'}</dd>
          ${licence ? html`<dt>${t.price}</dt><dd>${money(licence.annualPrice, lang)}</dd><dt>${t.margin}</dt><dd>${money(licence.resellerMargin, lang)}</dd>` : nothing}
          <dt>${t.invoicing}</dt><dd>${order ? `${order.invoicing.name}, ${order.invoicing.orgNumber}, ${order.invoicing.email}${order.invoicing.reference ? `, ${order.invoicing.reference}` : ''}` : '–'}</dd>
          <dt>${t.signer}</dt><dd>${order ? `${order.signer.name}, ${order.signer.email}` : '–'}</dd>
          <dt>${t.agreement}</dt><dd>${order?.agreement ? bytes(order.agreement.size, lang) : '–'}</dd>
        </dl>
      </fieldset>`;
  }

  override render() {
    const t = this.t.order;
    const trial = this.trial;
    const last = this.step === STEPS - 1;
    return html`<dialog part="dialog" aria-labelledby="order-title" @close=${() => this.opener?.focus()}>
      <h3 id="order-title">${trial ? t.title(trial.organizationName) : ''}</h3>
      <p class="status" role="status" part="status">${this.done ? t.submitted : ''}</p>
      ${this.errorView(this.error)}
      ${this.done
        ? html`<div class="actions"><button id="done-close" class="primary" part="button button-primary" @click=${this.close}>${this.t.common.close}</button></div>`
        : keyed(
            this.opened,
            html`<form novalidate @submit=${this.next}>
              <ol class="progress" aria-label=${t.stepOf(this.step + 1, STEPS)}>
                ${t.steps.map((s, i) => html`<li aria-current=${i === this.step ? 'step' : 'false'}>${s}</li>`)}
              </ol>
              ${this.steps()}
              <div class="actions">
                <button type="button" part="button" @click=${this.close}>${this.t.common.cancel}</button>
                ${this.step > 0 ? html`<button type="button" part="button" @click=${this.back}>${this.t.common.back}</button>` : nothing}
                <button type="submit" class="primary" part="button button-primary" ?disabled=${this.busy}>${last ? t.submit : this.t.common.next}</button>
              </div>
            </form>`,
          )}
    </dialog>`;
  }
}
