/**
 * @module What an e-mail says, as blocks that both the HTML and the text part are drawn from: the text part can never
 * miss a fact the HTML shows.
 */
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'steps'; items: string[] }
  /** The one call to action; its link is written out beside it too, for clients that do not follow buttons. */
  | { kind: 'button'; label: string; href: string }
  /** Someone else's words (a rejection reason), set apart so no line of them can pass for the sender's own. */
  | { kind: 'quote'; text: string }
  /** A value shown verbatim and never linked (an endpoint's URL). */
  | { kind: 'literal'; text: string }
  /** A list of things, each with a title and labelled facts (the digest's trials). */
  | { kind: 'records'; items: { title: string; facts: { label: string; value: string }[] }[] };

export interface MailContent {
  subject: string;
  /** The line inboxes show after the subject. */
  preheader: string;
  blocks: Block[];
  /** Why the recipient gets this, in small print below the signature. */
  footer?: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export class MailContentError extends Error {
  override readonly name = 'MailContentError';
}

/** Line breaks and other control characters become one space: a subject or a name stays on its line. */
export function oneLine(s: string): string {
  return s.replace(/[\p{Cc}\u0085\u2028\u2029]+/gu, ' ').replace(/ {2,}/g, ' ').trim();
}

/** The lines of a text that may span several, whatever line break it uses. */
export function linesOf(s: string): string[] {
  return s.split(/\r\n|[\r\n\u0085\u2028\u2029]/);
}

/** A date as Swedish mail writes it (2026-12-31). */
export function day(at: Date | string): string {
  return (typeof at === 'string' ? at : at.toISOString()).slice(0, 10);
}
