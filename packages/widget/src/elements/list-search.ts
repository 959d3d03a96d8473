/**
 * @module The search field over a list (issue 17): asks the server (`q`) as one types, a pause after the last key, and
 * abandons the request before it when a newer one starts, so a slow answer never overwrites a later one.
 */
import { html } from 'lit';
import type { Messages } from '../i18n/index.js';

const PAUSE_MS = 250;

export class ListSearch {
  q = '';
  private timer = 0;
  private ctrl: AbortController | null = null;

  /** `run` loads the list for `q`; it is abandoned (the signal aborts) when another search or `stop` comes first. */
  constructor(private readonly run: (signal: AbortSignal) => unknown) {}

  /** The list's `path` with the search in its query, or as it is without one. */
  path(path: string): string {
    return this.q ? `${path}${path.includes('?') ? '&' : '?'}q=${encodeURIComponent(this.q)}` : path;
  }

  /** Abandons the pending and running search: the panel forgets or reloads. */
  stop(): void {
    clearTimeout(this.timer);
    this.ctrl?.abort();
  }

  private input(value: string): void {
    this.stop();
    this.q = value.trim();
    this.timer = window.setTimeout(() => void this.run((this.ctrl = new AbortController()).signal), PAUSE_MS);
  }

  view(t: Messages, id: string) {
    return html`<div class="search"><label for=${id}>${t.common.search}</label> <input id=${id} type="search" part="input" autocomplete="off" .value=${this.q} @input=${(e: Event) => this.input((e.target as HTMLInputElement).value)} /></div>`;
  }
}
