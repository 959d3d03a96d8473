/**
 * @module What both top-level elements share: `api-base`, `locale`, the host's `fetchSession`, a session-aware API
 * client, and staying current: each reloads when the other element on the page announces a change it shows, and when
 * the person comes back to the page.
 */
import { LitElement, type PropertyValues } from 'lit';
import { Api } from '../api.js';
import { resolveMessages, type Messages } from '../i18n/index.js';
import type { ResellerKitEventMap } from '../events.js';
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
  /** Loads what is shown again, keeping what the person has open. */
  protected abstract reload(): void;
  /** Events from elsewhere on the page that make what this element shows stale. */
  protected abstract readonly staleOn: readonly (keyof ResellerKitEventMap)[];

  private started = false;
  /** The window gets focus when the person comes back to it (another tab, another program); clicks inside do not. */
  private readonly onStale = () => this.started && this.reload();

  override connectedCallback(): void {
    super.connectedCallback();
    for (const type of this.staleOn) document.addEventListener(type, this.onStale);
    window.addEventListener('focus', this.onStale);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const type of this.staleOn) document.removeEventListener(type, this.onStale);
    window.removeEventListener('focus', this.onStale);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('fetchSession') || changed.has('apiBase')) {
      this.api.reset();
      if (this.fetchSession && this.apiBase !== undefined) {
        this.started = true;
        this.start();
      }
    }
  }
}
