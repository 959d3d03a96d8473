/** @module Base of the inner elements: they get the API client and the message catalogue from their root element. */
import { html, LitElement, nothing } from 'lit';
import type { Api } from '../api.js';
import { emit, errorDetail } from '../events.js';
import type { Messages } from '../i18n/index.js';
import { base } from '../styles/base.js';

/** Every part an inner element may expose; roots forward them with `exportparts` so `::part()` reaches them. */
export const PARTS = 'panel,table,button,button-primary,input,dialog,error,status,chart,badge,empty,loading';

export abstract class ChildElement extends LitElement {
  static override styles = [base];
  static override properties = { api: { attribute: false }, t: { attribute: false } };
  declare api: Api;
  declare t: Messages;

  /** Reports a failure to the host page; the element shows the same message itself. */
  protected fail(e: unknown): string {
    const detail = errorDetail(e);
    emit(this, 'resellerkit-error', detail);
    return detail.message;
  }

  protected errorView(message: string | null) {
    return message ? html`<p class="error" role="alert" part="error">${this.t.common.errorPrefix} ${message}</p>` : nothing;
  }
}

/** A tab's content: loads when its tab opens (so Kunder shows fresh data after an approval) and when the session changes. */
export abstract class PanelElement extends ChildElement {
  static override properties = { ...ChildElement.properties, active: { type: Boolean }, gen: { type: Number } };
  declare active: boolean;
  declare gen: number;

  protected abstract load(): Promise<void>;

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (this.active && (changed.has('active') || changed.has('gen'))) void this.load();
  }
}
