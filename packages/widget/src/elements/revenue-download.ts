/**
 * @module "Ladda ner": the statement of a chosen month or year as CSV (for Excel) or SIE 4 (for accounting software),
 * downloaded as the API wrote it. The formats are a menu button (ARIA menu: arrows, Home, End, Escape, Tab).
 */
import { css, html } from 'lit';
import { monthLabel } from '../format.js';
import { monthOf, statementPeriods } from '../revenue.js';
import type { RevenueStatementFormat, RevenueSummary } from '../types.js';
import { ChildElement } from './child.js';

type FileFormat = Exclude<RevenueStatementFormat, 'json'>;
const FORMATS: readonly FileFormat[] = ['csv', 'sie'];
/** What the API answers each format with, and the file's extension (SIE files are `.se` by convention). */
const FILE: Record<FileFormat, { accept: string; extension: string }> = {
  csv: { accept: 'text/csv', extension: 'csv' },
  sie: { accept: 'text/plain', extension: 'se' },
};
/** How long the file's blob: URL lives: the browser has started the download long before. */
const URL_LIFETIME_MS = 60_000;

export class ResellerKitRevenueDownload extends ChildElement {
  static override properties = {
    ...ChildElement.properties,
    summary: { attribute: false },
    period: { state: true },
    open: { state: true },
    busy: { state: true },
    message: { state: true },
    error: { state: true },
  };
  static override styles = [
    ...ChildElement.styles,
    css`
      :host { display: block; }
      .download { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: end; }
      label { display: block; font-size: 0.875em; color: var(--_muted); }
      .menu-wrap { position: relative; }
      [role='menu'] {
        position: absolute;
        right: 0;
        top: calc(100% + 4px);
        z-index: 2;
        min-width: 16em;
        margin: 0;
        padding: 0.25em;
        list-style: none;
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
      }
      [role='menu'][hidden] { display: none; }
      [role='menuitem'] { display: block; width: 100%; text-align: start; border: 0; }
      [role='menuitem']:hover { background: var(--_surface); }
      .status, .error { margin: 0.5em 0 0; }
    `,
  ];
  declare summary: RevenueSummary | null;
  /** `YYYY-MM` or `YYYY`. */
  declare period: string;
  declare open: boolean;
  declare busy: boolean;
  declare message: string;
  declare error: string | null;

  constructor() {
    super();
    this.summary = null;
    this.period = monthOf(new Date());
    this.open = false;
    this.busy = false;
    this.message = '';
    this.error = null;
  }

  private get items(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  private get button(): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>('#menu-button');
  }

  private periodLabel(period: string): string {
    return period.length === 4 ? period : monthLabel(period, this.t.lang);
  }

  private async show(index: number): Promise<void> {
    this.open = true;
    await this.updateComplete;
    const items = this.items;
    items[(index + items.length) % items.length]?.focus();
  }

  private close(focusButton: boolean): void {
    this.open = false;
    if (focusButton) this.button?.focus();
  }

  private onButtonKey(e: KeyboardEvent): void {
    // Enter and Space are the button's click, which opens on the first item.
    const index = { ArrowDown: 0, ArrowUp: -1 }[e.key];
    if (index === undefined) return;
    e.preventDefault();
    void this.show(index);
  }

  private onMenuKey(e: KeyboardEvent): void {
    const items = this.items;
    const at = items.indexOf(this.renderRoot.querySelector<HTMLElement>('[role="menuitem"]:focus') ?? items[0]!);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (next !== undefined) {
      e.preventDefault();
      items[(next + items.length) % items.length]?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.close(true);
    } else if (e.key === 'Tab') {
      this.close(false);
    }
  }

  /** A click or focus anywhere outside the button and its menu closes the menu. */
  private onFocusOut(e: FocusEvent): void {
    const to = e.relatedTarget as Node | null;
    if (this.open && !(to && (e.currentTarget as HTMLElement).contains(to))) this.close(false);
  }

  private async download(format: FileFormat): Promise<void> {
    this.close(true);
    if (this.busy) return;
    const period = this.period;
    const file = `intakter-${period}.${FILE[format].extension}`;
    this.busy = true;
    this.error = null;
    this.message = this.t.common.loading;
    try {
      const blob = await this.api.request<Blob>('GET', `/v1/revenue/statements/${period}?format=${format}`, { blob: true, accept: FILE[format].accept });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = file;
      this.renderRoot.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), URL_LIFETIME_MS);
      this.message = this.t.revenue.downloaded(file);
    } catch (e) {
      this.message = '';
      const failure = this.fail(e);
      if (failure) this.error = failure.message;
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const t = this.t.revenue;
    const { months, years } = statementPeriods(this.summary, new Date());
    const option = (p: string) => html`<option value=${p} ?selected=${p === this.period}>${this.periodLabel(p)}</option>`;
    return html`<div class="download">
        <div>
          <label for="period">${t.period}</label>
          <select id="period" part="input" @change=${(e: Event) => (this.period = (e.target as HTMLSelectElement).value)}>
            <optgroup label=${t.months}>${months.map(option)}</optgroup>
            <optgroup label=${t.years}>${years.map(option)}</optgroup>
          </select>
        </div>
        <div class="menu-wrap" @focusout=${this.onFocusOut}>
          <button
            id="menu-button"
            part="button"
            aria-haspopup="menu"
            aria-expanded=${this.open ? 'true' : 'false'}
            aria-controls="menu"
            aria-label=${t.downloadLabel(this.periodLabel(this.period))}
            aria-disabled=${this.busy ? 'true' : 'false'}
            @click=${() => (this.open ? this.close(false) : void this.show(0))}
            @keydown=${this.onButtonKey}
          >${t.download} <span aria-hidden="true">▾</span></button>
          <ul id="menu" role="menu" part="menu" aria-labelledby="menu-button" ?hidden=${!this.open} @keydown=${this.onMenuKey}>
            ${FORMATS.map((f) => html`<li role="none"><button role="menuitem" part="menuitem" tabindex="-1" @click=${() => this.download(f)}>${t[f]}</button></li>`)}
          </ul>
        </div>
      </div>
      <p class="status" role="status" part="status">${this.message}</p>
      ${this.errorView(this.error)}`;
  }
}
