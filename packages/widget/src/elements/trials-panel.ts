/** @module The Provkonton tab: the trial list (organization, customer type, users, days left, status) with create, manage and order actions. */
import { html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { daysLeft } from '../format.js';
import type { Order, Trial } from '../types.js';
import { orderViews } from '../lazy.js';
import { focusFirst, PanelElement, PARTS } from './child.js';
import { ListSearch } from './list-search.js';
import { orderAction } from './order-action.js';
import type { ResellerKitOrderFlow } from './order-flow.js';
import type { ResellerKitTrialForm } from './trial-form.js';
import { byEngagement, engagementBadge, needsFollowUp } from './engagement.js';

/** Rows in the first frame: a screenful and more, so a long list appears at once and the rest follows a frame later. */
const FIRST_ROWS = 40;

/** Converted trials are customers now (Kunder); purged ones no longer exist for the partner. */
const LISTED = new Set(['active', 'expired', 'cancelled']);

export class ResellerKitTrialsPanel extends PanelElement {
  static override properties = {
    ...PanelElement.properties,
    trials: { state: true },
    orders: { state: true },
    loading: { state: true },
    error: { state: true },
    expanded: { state: true },
    message: { state: true },
    shown: { state: true },
    sort: { state: true },
    followUp: { state: true },
  };
  declare trials: Trial[] | null;
  declare orders: Map<string, Order>;
  declare loading: boolean;
  declare error: string | null;
  declare expanded: string | null;
  declare message: string;
  declare shown: number;
  /** Sorted by engagement (ascending: the least engaged first), or as loaded (newest first). */
  declare sort: 'ascending' | 'descending' | null;
  /** "Behöver uppföljning": only active trials nobody logged in to or with low activity. */
  declare followUp: boolean;

  constructor() {
    super();
    this.trials = null;
    this.orders = new Map();
    this.loading = false;
    this.error = null;
    this.expanded = null;
    this.message = '';
    this.shown = FIRST_ROWS;
    this.sort = null;
    this.followUp = false;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (this.trials && this.shown < this.trials.length) requestAnimationFrame(() => (this.shown = Infinity));
  }

  /** Typing asks the server for the matching trials only; the orders in hand still apply to them. */
  private readonly search = new ListSearch(async (signal) => {
    try {
      this.trials = (await this.api.all<Trial>(this.path, signal)).filter((t) => LISTED.has(t.status));
      this.error = null;
    } catch (e) {
      const failure = signal.aborted ? null : this.fail(e);
      if (failure) this.error = failure.message;
    }
  });

  private get path() {
    return this.search.path(`/v1/trials?status=${[...LISTED]}`);
  }

  protected async load(): Promise<boolean> {
    this.loading = true;
    this.error = null;
    this.search.stop();
    const path = this.path;
    try {
      const [trials, orders] = await Promise.all([this.api.all<Trial>(path), this.api.all<Order>('/v1/orders')]);
      const latest = new Map<string, Order>();
      for (const o of orders) {
        const seen = latest.get(o.trialId);
        if (!seen || seen.createdAt < o.createdAt) latest.set(o.trialId, o);
      }
      this.orders = latest;
      // The dialogs' chunk, fetched while the person reads the list, so a click rarely waits for it.
      void orderViews().catch(() => undefined);
      // User Timing: `resellerkit:trials-render` is the time from data in hand to the list on screen (budget 100 ms for 200 trials).
      performance.mark('resellerkit:trials-data');
      if (!this.trials) this.shown = FIRST_ROWS;
      // Typed while this loaded: the search under way answers the field, not this list.
      if (path === this.path) this.trials = trials.filter((t) => LISTED.has(t.status));
      void this.updateComplete.then(() => requestAnimationFrame(() => performance.measure('resellerkit:trials-render', 'resellerkit:trials-data')));
      return true;
    } catch (e) {
      const failure = this.fail(e);
      if (failure) this.error = failure.message;
      return false;
    } finally {
      this.loading = false;
    }
  }

  protected forget(): void {
    this.search.stop();
    this.search.q = '';
    this.trials = null;
    this.orders = new Map();
    this.expanded = null;
    this.message = '';
    // Not yet upgraded while their chunk has not loaded: then there is nothing to forget.
    this.renderRoot.querySelector<ResellerKitOrderFlow>('resellerkit-order-flow')?.forget?.();
    this.renderRoot.querySelector<ResellerKitTrialForm>('resellerkit-trial-form')?.close?.();
  }

  /** "Uppdatera": reloads and says so; focus stays on the button. */
  private async refresh(): Promise<void> {
    if (this.loading) return;
    this.message = '';
    if (await this.load()) this.message = this.t.trials.refreshed;
  }

  private async openCreate(): Promise<void> {
    if (!(await this.view(orderViews))) return;
    this.renderRoot.querySelector<ResellerKitTrialForm>('resellerkit-trial-form')?.open(this.renderRoot.querySelector<HTMLElement>('#new-trial'));
  }

  private onCreated(trial: Trial): void {
    this.trials = [trial, ...(this.trials ?? [])];
    this.message = this.t.create.created(trial.organizationName);
  }

  private onTrialChanged(trial: Trial): void {
    this.trials = (this.trials ?? []).map((t) => (t.id === trial.id ? trial : t));
  }

  private onOrderChanged(order: Order): void {
    this.orders = new Map(this.orders).set(order.trialId, order);
  }

  private async startOrder(trial: Trial, opener: HTMLElement): Promise<void> {
    if (!(await this.view(orderViews))) return;
    this.renderRoot.querySelector<ResellerKitOrderFlow>('resellerkit-order-flow')?.open(trial, this.orders.get(trial.id) ?? null, opener);
  }

  /** After the order dialog closes on a button that no longer exists (the order went in): back to the trial's row. */
  private onOrderClosed(trial: Trial): void {
    void focusFirst(this, `#manage-${trial.id}`, '#trials-heading');
  }

  private statusText(trial: Trial) {
    const t = this.t;
    const order = this.orders.get(trial.id);
    return html`<span>${t.trialStatus[trial.status]}${order ? html` <span class="badge ${order.status}" part="badge">${t.orderStatus[order.status]}</span>` : nothing}</span>`;
  }

  private rows(trials: Trial[]) {
    const t = this.t;
    const now = Date.now();
    return repeat(
      trials,
      (trial) => trial.id,
      (trial) => {
        const open = this.expanded === trial.id;
        const action = orderAction(t, trial, this.orders.get(trial.id));
        return html`<tr>
            <td class="title" data-label=${t.trials.organization}>${trial.organizationName}</td>
            <td data-label=${t.trials.customerType}>${t.customerTypes[trial.customerType]}</td>
            <td data-label=${t.trials.users} class="num">${trial.users.length}</td>
            <td data-label=${t.trials.daysLeft} class="num">${trial.status === 'active' ? daysLeft(trial.endsAt, now) : '–'}</td>
            <td data-label=${t.trials.status}>${this.statusText(trial)}</td>
            <td data-label=${t.engagement.column}>${engagementBadge(t, trial)}</td>
            <td class="buttons"><div class="row">
              ${action
                ? html`<button part="button" aria-label="${action}: ${trial.organizationName}" @click=${(e: Event) => this.startOrder(trial, e.currentTarget as HTMLElement)}>${action}</button>`
                : nothing}
              <button
                id="manage-${trial.id}"
                part="button"
                aria-expanded=${open ? 'true' : 'false'}
                aria-controls="detail-${trial.id}"
                aria-label=${t.trials.manageLabel(trial.organizationName)}
                @click=${() => (this.expanded = open ? null : trial.id)}
              >${t.trials.manage}</button>
            </div></td>
          </tr>
          ${open
            ? html`<tr class="detail" id="detail-${trial.id}">
                <td colspan="7" class="full">
                  <resellerkit-trial-detail
                    exportparts=${PARTS}
                    .api=${this.api}
                    .t=${t}
                    .trial=${trial}
                    .order=${this.orders.get(trial.id) ?? null}
                    .onChange=${(x: Trial) => this.onTrialChanged(x)}
                    .onStartOrder=${(x: Trial, opener: HTMLElement) => this.startOrder(x, opener)}
                  ></resellerkit-trial-detail>
                </td>
              </tr>`
            : nothing}`;
      },
    );
  }

  /** The rows shown: the follow-up filter and the engagement order applied to the loaded list. */
  private visible(trials: Trial[]): Trial[] {
    const shown = this.followUp ? trials.filter(needsFollowUp) : trials;
    return this.sort ? [...shown].sort(byEngagement(this.sort)) : shown;
  }

  override render() {
    const t = this.t;
    const all = this.trials;
    const trials = all && this.visible(all);
    return html`<section class="cq" part="panel" aria-labelledby="trials-heading" aria-busy=${this.loading ? 'true' : 'false'}>
      <div class="bar">
        <h2 id="trials-heading" tabindex="-1">${t.trials.heading}</h2>
        <div class="row">
          <button id="new-trial" class="primary" part="button button-primary" @click=${this.openCreate}>${t.create.open}</button>
          <button id="refresh" part="button" aria-label=${t.trials.refreshLabel} aria-disabled=${this.loading ? 'true' : 'false'} @click=${this.refresh}>${t.common.refresh}</button>
          <label class="check"><input type="checkbox" part="input" .checked=${this.followUp} @change=${(e: Event) => (this.followUp = (e.target as HTMLInputElement).checked)} /> ${t.engagement.followUp}</label>
        </div>
      </div>
      ${this.search.view(t, 'trials-search')}
      <p class="status" role="status" part="status">${this.message}</p>
      ${this.errorView(this.error)}
      ${this.error && !trials ? html`<button part="button" @click=${this.load}>${t.common.retry}</button>` : nothing}
      ${this.loading && !trials ? html`<p class="muted" part="loading">${t.common.loading}</p>` : nothing}
      ${trials && trials.length === 0 ? html`<p class="muted" part="empty">${this.search.q ? t.common.noMatches : all!.length && this.followUp ? t.engagement.followUpEmpty : t.trials.empty}</p>` : nothing}
      ${trials && trials.length > 0
        ? html`<div class="table-wrap">
            <table class="stack" part="table">
              <thead>
                <tr>
                  <th scope="col">${t.trials.organization}</th>
                  <th scope="col">${t.trials.customerType}</th>
                  <th scope="col" class="num">${t.trials.users}</th>
                  <th scope="col" class="num">${t.trials.daysLeft}</th>
                  <th scope="col">${t.trials.status}</th>
                  <th scope="col" aria-sort=${this.sort ?? 'none'}>
                    <button class="sort" part="button" @click=${() => (this.sort = this.sort === 'ascending' ? 'descending' : 'ascending')}>${t.engagement.column}</button>
                  </th>
                  <th scope="col"><span class="sr-only">${t.trials.actions}</span></th>
                </tr>
              </thead>
              <tbody>
                ${this.rows(trials.slice(0, this.shown))}
              </tbody>
            </table>
          </div>`
        : nothing}
      <resellerkit-trial-form exportparts=${PARTS} .api=${this.api} .t=${t} .onCreated=${(x: Trial) => this.onCreated(x)}></resellerkit-trial-form>
      <resellerkit-order-flow
        exportparts=${PARTS}
        .api=${this.api}
        .t=${t}
        .onChange=${(o: Order) => this.onOrderChanged(o)}
        .onTrialChange=${(x: Trial) => this.onTrialChanged(x)}
        .onClosed=${(x: Trial) => this.onOrderClosed(x)}
      ></resellerkit-order-flow>
    </section>`;
  }
}
