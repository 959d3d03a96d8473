/** @module One e-mail's content drawn as subject, text and HTML, the three parts a multipart message carries. */
import type { Branding } from './branding.js';
import { MailContentError, oneLine, type MailContent, type RenderedMail } from './content.js';
import { renderHtml } from './layout.js';
import { renderText } from './text.js';

export function renderMail(content: MailContent, brand: Branding): RenderedMail {
  const buttons = content.blocks.filter((b) => b.kind === 'button');
  if (buttons.length > 1) throw new MailContentError('an e-mail has at most one button, so the reader knows what to do');
  for (const b of buttons) {
    if (!/^https?:\/\//i.test(b.href)) throw new MailContentError(`a button links to an http(s) address, got '${b.href}'`);
  }
  const safe = { ...content, subject: oneLine(content.subject), preheader: oneLine(content.preheader) };
  return { subject: safe.subject, text: renderText(safe, brand), html: renderHtml(safe, brand) };
}
