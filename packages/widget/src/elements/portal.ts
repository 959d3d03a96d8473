/** @module `<resellerkit-portal>`: the Provkonton / Kunder tabs (ARIA tabs with roving tabindex, arrows, Home and End). */
import { css, html } from 'lit';
import { base } from '../styles/base.js';
import { PARTS } from './child.js';
import { RootElement } from './root.js';

const TABS = ['trials', 'customers'] as const;
type Tab = (typeof TABS)[number];

let seq = 0;

export class ResellerKitPortal extends RootElement {
  static override properties = { ...RootElement.properties, tab: { type: String, reflect: true }, gen: { state: true }, session: { state: true } };
  static override styles = [
    base,
    css`
      .tablist { display: flex; gap: 0.25rem; border-bottom: 2px solid var(--_border); margin-bottom: var(--_space); overflow-x: auto; }
      [role='tab'] {
        border: 0;
        border-bottom: 3px solid transparent;
        border-radius: var(--_radius) var(--_radius) 0 0;
        background: transparent;
        padding: 0.5em 1em;
        margin-bottom: -2px;
        font-weight: 600;
        color: var(--_muted);
      }
      [role='tab'][aria-selected='true'] { color: var(--_primary); border-bottom-color: var(--_primary); }
    `,
  ];

  /** The open tab, `trials` or `customers`. */
  declare tab: Tab;
  /** Bumped whenever the session source changes, so the panels load again. */
  declare gen: number;
  /** Bumped when the session source changes: the panels forget what they showed. */
  declare session: number;
  private readonly uid = `rk${++seq}`;

  constructor() {
    super();
    this.tab = 'trials';
    this.gen = 0;
    this.session = 0;
  }

  protected start(): void {
    this.session++;
  }

  /** The vendor's decisions (`<resellerkit-order-review>` on the same page) move trials and make customers. */
  protected readonly staleOn = ['resellerkit-order-approved', 'resellerkit-order-rejected'] as const;

  protected reload(): void {
    this.gen++;
  }

  private select(tab: Tab, focus: boolean): void {
    this.tab = tab;
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#${this.uid}-tab-${tab}`)?.focus());
  }

  private onKey(e: KeyboardEvent): void {
    const i = TABS.indexOf(this.tab);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    this.select(TABS[(next + TABS.length) % TABS.length]!, true);
  }

  override render() {
    const t = this.t;
    const tab = (id: Tab, label: string) => html`<button
      role="tab"
      part="tab"
      id="${this.uid}-tab-${id}"
      aria-selected=${this.tab === id ? 'true' : 'false'}
      aria-controls="${this.uid}-panel-${id}"
      tabindex=${this.tab === id ? 0 : -1}
      @click=${() => this.select(id, false)}
    >${label}</button>`;
    return html`<div class="cq">
      <div class="tablist" role="tablist" part="tablist" aria-label=${t.tabs.label} @keydown=${this.onKey}>
        ${tab('trials', t.tabs.trials)} ${tab('customers', t.tabs.customers)}
      </div>
      <div role="tabpanel" part="tabpanel" id="${this.uid}-panel-trials" aria-labelledby="${this.uid}-tab-trials" ?hidden=${this.tab !== 'trials'}>
        <resellerkit-trials-panel exportparts=${PARTS} .api=${this.api} .t=${t} .gen=${this.gen} .session=${this.session} .active=${this.session > 0 && this.tab === 'trials'}></resellerkit-trials-panel>
      </div>
      <div role="tabpanel" part="tabpanel" id="${this.uid}-panel-customers" aria-labelledby="${this.uid}-tab-customers" ?hidden=${this.tab !== 'customers'}>
        <resellerkit-customers-panel exportparts=${PARTS} .api=${this.api} .t=${t} .gen=${this.gen} .session=${this.session} .active=${this.session > 0 && this.tab === 'customers'}></resellerkit-customers-panel>
      </div>
    </div>`;
  }
}
