/**
 * @module The search key of a trial or customer: what `q` is matched against, folded once when written so a search is a
 * plain substring test on both stores.
 *
 * Folding: lower case, accents dropped (`é` → `e`, `ü` → `u`), except `å`, `ä` and `ö`, which are letters of their own
 * in Swedish: `q=a` does not find `å`, as `q=o` does not find `ö` (a Swedish reader typing `a` means `a`).
 * Lists sorted by name (`sort=name`) use `nameSortKey`: å, ä, ö after z.
 */
import { addDays } from '../../clock.js';

/** The letters that keep their marks; every other combining mark is dropped. */
const SWEDISH_LETTERS = /[åäö]/;

export function searchKey(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC').toLowerCase()) out += SWEDISH_LETTERS.test(ch) ? ch : ch.normalize('NFD').replace(/\p{M}/gu, '');
  return out;
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
