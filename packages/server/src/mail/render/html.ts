/**
 * @module HTML with every interpolated value escaped, on Hono's `html` helper. Only strings, numbers and fragments made
 * here may be interpolated, so nothing can slip through unescaped and the result is always synchronous.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type SafeHtml = HtmlEscapedString;
type Value = string | number | SafeHtml | SafeHtml[] | null | undefined | false;

export function h(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  const out = html(strings, ...values);
  // Unreachable with the values `Value` allows; kept so the type says string, not a promise.
  if (out instanceof Promise) throw new TypeError('mail HTML must not contain promises');
  return out;
}
