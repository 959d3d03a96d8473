/** @module What a failure means to a person: the widget's own text for the API's `code` (else its `type`), and the fields it concerns. */
import { ApiError } from './api.js';
import type { Messages } from './i18n/index.js';

/** The field an issue names, without where it came from or list positions: `['body', 'users', 0, 'email']` → `users.email`. */
export function issueField(path: readonly (string | number)[] | undefined): string {
  const parts = (path ?? []).filter((p): p is string => typeof p === 'string');
  if (['body', 'query', 'path', 'headers'].includes(parts[0] ?? '')) parts.shift();
  return parts.join('.');
}

export interface Explained<F extends string> {
  /** For the element's alert, in the widget's language. */
  message: string;
  /** The element's own fields the failure concerns, each with the text to show on it. */
  fields: Partial<Record<F, string>>;
}

/** The element's own text for a field the server found malformed (validation issues carry no code, only the field's path). */
export type InvalidText<F extends string> = (field: F, path: readonly (string | number)[]) => string;

/** `fieldOf` maps an issue's field (`invoicing.orgNumber`) to one of the element's fields. */
export function explain<F extends string>(e: unknown, t: Messages, fieldOf?: (name: string) => F | undefined, invalid?: InvalidText<F>): Explained<F> {
  const err = e instanceof ApiError ? e : new ApiError(0, { type: 'client_error', message: String(e) });
  const known = err.code ? t.errors.codes[err.code] : undefined;
  const fields: Partial<Record<F, string>> = {};
  for (const issue of err.issues) {
    const field = fieldOf?.(issueField(issue.path));
    if (field && !fields[field]) fields[field] = known ?? invalid?.(field, issue.path ?? []) ?? t.errors.fields;
  }
  const general = t.errors.types[err.type] ?? `${t.errors.unknown}${err.requestId ? ` ${t.errors.reference(err.requestId)}` : ''}`;
  return { message: known ?? (Object.keys(fields).length ? t.errors.fields : general), fields };
}
