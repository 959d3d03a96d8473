/** @module One trial, opened from the list: adjust its users (add, remove, role), extend it, and start or follow its order. */
import { html, nothing } from 'lit';
import { bytes, date, DAY_MS } from '../format.js';
import type { Order, Trial, TrialUser } from '../types.js';
import { AccountElement } from './account.js';
import { focusFirst } from './child.js';
import { orderAction } from './order-action.js';

/** The vendor's limit: a trial lasts at most this many days in total, extensions included. */
const MAX_TRIAL_DAYS = 90;

export class ResellerKitTrialDetail extends AccountElement {
  static override properties = {
    ...AccountElement.properties,
    trial: { attribute: false },
    order: { attribute: false },
    onChange: { attribute: false },
    onStartOrder: { attribute: false },
    daysError: { state: true },
  };
  declare trial: Trial;
  declare order: Order | null;
  declare onChange: (trial: Trial) => void;
  declare onStartOrder: (trial: Trial, opener: HTMLElement) => void;
  declare daysError: string | null;

  constructor() {
    super();
    this.daysError = null;
  }

  protected get path() {
    return `/v1/trials/${this.trial.id}`;
  }

  protected get users(): TrialUser[] {
    return this.trial.users;
  }

  protected get editable() {
    return this.trial.status === 'active';
  }

  protected override get canResend() {
    return this.editable;
  }

  protected changeUsers(users: TrialUser[]): void {
    this.trial = { ...this.trial, users };
    this.onChange?.(this.trial);
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
    const label = orderAction(this.t, this.trial, order);
    const agreement = order?.agreement;
    return html`<h4 id="order-heading" tabindex="-1">${t.statusHeading}</h4>
      ${order ? html`<p><span class="badge ${order.status}" part="badge">${this.t.orderStatus[order.status]}</span></p>` : nothing}
      ${order?.status === 'rejected' && order.rejectionReason
        ? html`<p class="note"><strong>${t.rejectionReason}:</strong> <span class="rejection">${order.rejectionReason}</span></p>`
        : nothing}
      ${agreement ? html`<p class="muted">${t.agreementAttached(agreement.filename ?? t.agreementUnnamed, bytes(agreement.size, this.t.lang), date(agreement.uploadedAt, this.t.lang))}</p>` : nothing}
      ${label
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
    return html`<div class="cq" part="panel" aria-busy=${this.busy ? 'true' : 'false'}>
      <p class="status" role="status" part="status">${this.message}</p>
      ${this.errorView(this.error)} ${this.usersView()} ${this.editable ? this.extendView() : nothing}
      <div class="mt">${this.orderView()}</div>
    </div>`;
  }
}
