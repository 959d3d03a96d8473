/**
 * @module The search key of a trial or customer: what `q` is matched against, folded once when written so a search is a
 * plain substring test on both stores.
 *
 * Folding: lower case, accents dropped (`é` → `e`, `ü` → `u`), except `å`, `ä` and `ö`, which are letters of their own
 * in Swedish: `q=a` does not find `å`, as `q=o` does not find `ö` (a Swedish reader typing `a` means `a`).
 * Lists sorted by name (`sort=name`) use `nameSortKey`: å, ä, ö after z.
 */
import { addDays } from '../../clock.js';

/** Characters that may carry a mark: all but ASCII and the letters that keep theirs (å, ä, ö). */
const MAY_CARRY_MARK = /[^\x00-\x7fåäö]/gu;
const ASCII = /^[\x00-\x7f]*$/;

/** Each character on its own, so å, ä and ö keep their marks (written once: a trial's creation folds five fields). */
export function searchKey(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(MAY_CARRY_MARK, (ch) => ch.normalize('NFD').replace(/\p{M}/gu, ''));
}

/**
 * The organization name as a key that sorts in Swedish order under plain binary comparison, the same on SQLite and
 * PostgreSQL (column collation "C"): folded as above, then å, ä, ö after z (U+007F cannot occur in a one-line name,
 * contract/text.ts), with æ and ø sorted as ä and ö as Swedish dictionaries do.
 */
export function nameSortKey(name: string): string {
  return searchKey(name).replace(/[åäöæø]/g, (c) => `\u007f${SWEDISH_ORDER[c]}`);
}
const SWEDISH_ORDER: Record<string, string> = { å: '1', ä: '2', æ: '2', ö: '3', ø: '3' };

/**
 * The fields joined by a line break: `q` is one line (contract/text.ts), so a match never spans two fields, and an
 * e-mail cannot be found by the end of the name before it.
 */
export function searchText(fields: { organizationName: string; emails: readonly string[]; orderIds: readonly string[] }): string {
  return [fields.organizationName, ...fields.emails, ...fields.orderIds].map(searchKey).join('\n');
}

/** `q` as a LIKE pattern (escape character `\`): a substring of the folded text, with `%` and `_` taken literally. */
export function searchPattern(q: string): string {
  return `%${searchKey(q.trim()).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The search and filters of the trial and customer lists, as their services take them (contract/search.ts). */
export interface SearchFilters {
  q?: string;
  /** Comma-separated, checked against the lifecycle by the contract. */
  status?: string;
  expiringWithinDays?: number;
  sort?: ListSort;
}

/** `newest` (the default, by id) or `name` (Swedish order, then id). */
export const LIST_SORTS = ['newest', 'name'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/** `expiringWithinDays` as a time window: after now, and no later than `days` from now. */
export const within = (now: Date, days: number): [string, string] => [now.toISOString(), addDays(now, days).toISOString()];

export const statusesOf = (status: string | undefined) => (status ? status.split(',') : undefined);
