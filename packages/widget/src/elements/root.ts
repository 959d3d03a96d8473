/** @module What both top-level elements share: `api-base`, `locale`, the host's `fetchSession`, and a session-aware API client. */
import { LitElement, type PropertyValues } from 'lit';
import { Api } from '../api.js';
import { resolveMessages, type Messages } from '../i18n/index.js';
import type { FetchSession } from '../types.js';

export abstract class RootElement extends LitElement {
  static override properties = {
    apiBase: { type: String, attribute: 'api-base', reflect: true },
    locale: { type: String, reflect: true },
    fetchSession: { attribute: false },
  };

  declare apiBase: string | undefined;
  declare locale: string | undefined;
  /** Set by the host page: returns `{ token, expiresAt? }` minted by its own backend. */
  declare fetchSession: FetchSession | undefined;

  protected readonly api = new Api(
    () => this.apiBase ?? '',
    () => this.fetchSession,
  );

  get t(): Messages {
    return resolveMessages(this, this.locale);
  }

  /** Called once both the API base and a session source are known, and again when either changes. */
  protected abstract start(): void;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('fetchSession') || changed.has('apiBase')) {
      this.api.reset();
      if (this.fetchSession && this.apiBase !== undefined) this.start();
    }
  }
}
