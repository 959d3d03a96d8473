/**
 * @module One e-mail's content checked when it is written (cheap, in the change's transaction) and drawn as subject, text
 * and HTML, the three parts a multipart message carries, when it is sent.
 */
import type { Branding } from './branding.js';
import { MailContentError, oneLine, type MailContent, type RenderedMail } from './content.js';
import { renderHtml } from './layout.js';
import { renderText } from './text.js';

/**
 * What a template returns and the outbox stores: the content with its rules checked (at most one button, an http(s)
 * link) and its subject and preheader on one line. A bad template throws here, in the change that queues the mail,
 * not later in the worker. Idempotent.
 */
export function mailContent(content: MailContent): MailContent {
  const buttons = content.blocks.filter((b) => b.kind === 'button');
  if (buttons.length > 1) throw new MailContentError('an e-mail has at most one button, so the reader knows what to do');
  for (const b of buttons) {
    if (!/^https?:\/\//i.test(b.href)) throw new MailContentError(`a button links to an http(s) address, got '${b.href}'`);
  }
  return { ...content, subject: oneLine(content.subject), preheader: oneLine(content.preheader) };
}

/** Checks again (content read back from the store is drawn by the same rules) and draws both parts with the vendor's branding. */
export function renderMail(content: MailContent, brand: Branding): RenderedMail {
  const safe = mailContent(content);
  return { subject: safe.subject, text: renderText(safe, brand), html: renderHtml(safe, brand) };
}
