/** @module Base of the inner elements: they get the API client and the message catalogue from their root element. */
import { html, LitElement, nothing } from 'lit';
import { isStale, type Api } from '../api.js';
import { emit, errorDetail } from '../events.js';
import { explain, type Explained, type InvalidText } from '../failure.js';
import type { Messages } from '../i18n/index.js';
import { DETAIL_DEFINED, detailViews } from '../lazy.js';
import { base } from '../styles/base.js';

/** Every part an inner element may expose; roots forward them with `exportparts` so `::part()` reaches them. */
export const PARTS = 'panel,table,button,button-primary,input,dialog,error,status,chart,badge,empty,loading,menu,menuitem';

/**
 * Reports a failure to the host page (`resellerkit-error`, with the server's own message) and returns what the element
 * shows instead: its text in the widget's language and the fields at fault. A call abandoned because the session source
 * changed is nobody's failure: null.
 */
export function reportFailure<F extends string>(from: HTMLElement, t: Messages, e: unknown, fieldOf?: (name: string) => F | undefined, invalid?: InvalidText<F>): Explained<F> | null {
  if (isStale(e)) return null;
  emit(from, 'resellerkit-error', errorDetail(e));
  return explain(e, t, fieldOf, invalid);
}

/** The alert box of an element; the same markup everywhere so hosts can style `::part(error)` once. */
export function errorView(t: Messages, message: string | null) {
  return message ? html`<p class="error" role="alert" part="error">${t.common.errorPrefix} ${message}</p>` : nothing;
}

/** Moves focus after an update, to the first of `selectors` that exists and is not disabled; never leaves it on the body. */
export async function focusFirst(el: LitElement, ...selectors: string[]): Promise<void> {
  await el.updateComplete;
  for (const selector of selectors) {
    const target = el.renderRoot.querySelector<HTMLElement>(selector);
    if (target && !target.hasAttribute('disabled') && target.isConnected) {
      target.focus();
      return;
    }
  }
}

export abstract class ChildElement extends LitElement {
  static override styles = [base];
  static override properties = { api: { attribute: false }, t: { attribute: false } };
  declare api: Api;
  declare t: Messages;

  protected fail<F extends string>(e: unknown, fieldOf?: (name: string) => F | undefined, invalid?: InvalidText<F>): Explained<F> | null {
    return reportFailure(this, this.t, e, fieldOf, invalid);
  }

  protected errorView(message: string | null) {
    return errorView(this.t, message);
  }
}

/**
 * A tab's content: loads when its tab opens (so Kunder shows fresh data after an approval) and whenever `gen` moves
 * (a reload). A new `session` (the host swapped fetchSession: perhaps another person) first forgets everything shown.
 */
export abstract class PanelElement extends ChildElement {
  static override properties = { ...ChildElement.properties, active: { type: Boolean }, gen: { type: Number }, session: { type: Number } };
  declare active: boolean;
  declare gen: number;
  declare session: number;
  /** The panel's polite status line and its alert. */
  declare message: string;
  declare error: string | null;
  /** The row opened to show its detail. */
  declare expanded: string | null;

  protected abstract load(): Promise<unknown>;

  /**
   * Fetches a lazily loaded view (src/lazy.ts) before it is used: the status line says "Laddar …" meanwhile, and a
   * failed fetch shows as the panel's error. True when the view is there.
   */
  protected async view(load: () => Promise<void>): Promise<boolean> {
    const shown = this.message;
    this.message = this.t.common.loading;
    try {
      await load();
      // The alert of an earlier attempt goes once the view is there; any other stays.
      if (this.error === this.viewError) this.error = null;
      return true;
    } catch (e) {
      const failure = this.fail(e);
      if (failure) this.error = this.viewError = failure.message;
      return false;
    } finally {
      if (this.message === this.t.common.loading) this.message = shown;
    }
  }

  /** The alert `view()` last showed. */
  private viewError: string | null = null;

  /** Drops what the previous session loaded or typed. */
  protected abstract forget(): void;

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.get('session') !== undefined) this.forget();
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (this.active && (changed.has('active') || changed.has('gen') || changed.has('session'))) {
      void this.load();
      // A row's detail ("Hantera") is in a chunk of its own: fetched while the list loads, so opening one rarely waits.
      void detailViews().catch(() => undefined);
    }
    // A row opened before the chunk arrived shows "Laddar …" until its detail is there, or the alert if it cannot be.
    if (changed.has('expanded') && this.expanded && !customElements.get(DETAIL_DEFINED)) void this.view(detailViews);
  }
}
