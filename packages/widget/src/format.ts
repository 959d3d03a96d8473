/** @module Formatting and parsing shared by the elements: money in minor units, dates, days left, e-mail lists. */
import { isEmail } from '../../sdk/src/validation.js';
import type { Money } from './types.js';

export { isEmail };
export { isOrgNumber } from '../../sdk/src/validation.js';

export const DAY_MS = 86_400_000;

/** Minor units (öre) to a localized amount; whole kronor unless there are öre. */
export function money(m: Money | { amount: number; currency: string }, lang: string): string {
  const digits = m.amount % 100 === 0 ? 0 : 2;
  return new Intl.NumberFormat(lang, { style: 'currency', currency: m.currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(m.amount / 100);
}

export function date(iso: string | null, lang: string): string {
  if (!iso) return '–';
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
}

export function monthLabel(period: string, lang: string): string {
  const [y, m] = period.split('-').map(Number);
  if (!y || !m) return period;
  return new Intl.DateTimeFormat(lang, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
}

export function daysLeft(endsAt: string, now = Date.now()): number {
  return Math.max(0, Math.ceil((Date.parse(endsAt) - now) / DAY_MS));
}

export function bytes(n: number, lang: string): string {
  const f = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${f.format(n / 1024)} kB` : `${f.format(n / 1024 / 1024)} MB`;
}

/** Splits what a person pastes (comma, semicolon, space or newline separated) into unique addresses and the invalid ones. */
export function parseEmails(text: string): { emails: string[]; invalid: string[] } {
  const parts = text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean);
  const seen = new Set<string>();
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const p of parts) {
    const key = p.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    (isEmail(p) ? emails : invalid).push(p);
  }
  return { emails, invalid };
}
