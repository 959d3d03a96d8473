/**
 * @module The language of a page for people: Swedish unless the browser prefers English (`Accept-Language`, RFC 9110
 * §12.5.4), or the person chose one by link (`?lang=`).
 */
export const PAGE_LOCALES = ['sv', 'en'] as const;
export type PageLocale = (typeof PAGE_LOCALES)[number];
export const DEFAULT_PAGE_LOCALE: PageLocale = 'sv';

/** A header is short; a longer one is cut here, so reading it costs the same whatever a client sends. */
const MAX_HEADER_CHARS = 1000;
const MAX_RANGES = 32;

const isPageLocale = (value: string): value is PageLocale => (PAGE_LOCALES as readonly string[]).includes(value);

/**
 * The page locale an `Accept-Language` header asks for: of the ranges naming Swedish or English, the one with the
 * highest weight (the earlier on a tie). Other languages and `*` leave the choice to the default, Swedish: the
 * agreement itself is Swedish, and the signer signs for a Swedish organisation.
 */
export function pickLocale(acceptLanguage: string | null | undefined): PageLocale {
  if (!acceptLanguage) return DEFAULT_PAGE_LOCALE;
  let best: { locale: PageLocale; q: number } | null = null;
  for (const range of acceptLanguage.slice(0, MAX_HEADER_CHARS).split(',').slice(0, MAX_RANGES)) {
    const [tag = '', ...params] = range.split(';');
    const primary = tag.trim().toLowerCase().split('-')[0] ?? '';
    if (!isPageLocale(primary)) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=').map((s) => s.trim().toLowerCase());
      if (key === 'q') q = value !== undefined && /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : 0;
    }
    if (q > 0 && (!best || q > best.q)) best = { locale: primary, q };
  }
  return best?.locale ?? DEFAULT_PAGE_LOCALE;
}

/** A choice made by link wins over the browser's header; an unknown `?lang=` is ignored. */
export function chooseLocale(langParam: string | null | undefined, acceptLanguage: string | null | undefined): PageLocale {
  const chosen = langParam?.trim().toLowerCase();
  return chosen && isPageLocale(chosen) ? chosen : pickLocale(acceptLanguage);
}
