/**
 * @module E-mails are queued in the same transaction as the change that causes them, then sent by the mail worker. What
 * is queued is what the mail says (its checked content, as compact JSON); the worker draws the text and HTML parts
 * from it when it sends, so the change's transaction stores a few hundred bytes instead of rendering ~8 KB of HTML.
 */
import { newId } from '../ids.js';
import type { Tx } from '../app/context.js';
import { renderMail, type Branding, type MailContent } from './render/index.js';
import { insertRows } from '../db/insert-rows.js';
import type { EmailTable } from '../db/schema.js';

/** What is queued: a template's result (mail/render), checked and not yet drawn. */
export type MailMessage = MailContent;

/** `trialId` names the account the mail concerns: its purge deletes the mail. */
export async function queueEmail(tx: Tx, at: string, to: string, msg: MailMessage, trialId: string | null = null): Promise<void> {
  await queueEmails(tx, at, [{ to, msg }], trialId);
}

/** Several mails in one statement (a trial's invitations). */
export async function queueEmails(tx: Tx, at: string, mails: { to: string; msg: MailMessage }[], trialId: string | null = null): Promise<void> {
  if (mails.length === 0) return;
  await insertRows(
    tx,
    'emails',
    mails.map(({ to, msg }) => ({
      id: newId('mail'),
      to_address: to,
      // A column of its own: lists, the mailbox and searches read it without drawing the mail.
      subject: msg.subject,
      content: JSON.stringify(msg),
      text: null,
      html: null,
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      created_at: at,
      trial_id: trialId,
    })),
  );
}

/** A queued mail's parts as they are sent: `html` is null only on mails queued as text before HTML mail. */
export interface QueuedParts {
  subject: string;
  text: string;
  html: string | null;
}

/**
 * Draws a queued mail with the vendor's branding as it is now (the worker, /dev/mail). Mails queued before `content`
 * go out as they were rendered then.
 */
export function queuedParts(row: Pick<EmailTable, 'subject' | 'content' | 'text' | 'html'>, brand: Branding): QueuedParts {
  if (row.content !== null) return renderMail(JSON.parse(row.content) as MailContent, brand);
  return { subject: row.subject, text: row.text ?? '', html: row.html };
}
