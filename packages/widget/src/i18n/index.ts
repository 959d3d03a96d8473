/** @module Locale resolution: the `locale` attribute, then the nearest `lang`, then Swedish. */
import { en } from './en.js';
import { sv, type Messages } from './sv.js';

export type { Messages };
export const LOCALES: Record<string, Messages> = { sv, en };

/** Picks the catalogue for a BCP 47 tag ("en-GB" → en); unknown languages fall back to Swedish. */
export function messagesFor(tag: string | null | undefined): Messages | undefined {
  if (!tag) return undefined;
  return LOCALES[tag.toLowerCase().split(/[-_]/)[0] ?? ''];
}

export function resolveMessages(host: HTMLElement, locale: string | undefined): Messages {
  const lang = host.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang;
  return messagesFor(locale) ?? messagesFor(lang) ?? sv;
}
