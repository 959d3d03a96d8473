/** @module E-mails are queued in the same transaction as the change that causes them, then sent by the mail worker. */
import { newId } from '../ids.js';
import type { Tx } from '../app/context.js';
import type { RenderedMail } from './render/index.js';
import { insertRows } from '../db/insert-rows.js';

/** What is queued: a mail rendered by mail/render, its text and HTML parts stored side by side and sent together. */
export type MailMessage = RenderedMail;

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
      subject: msg.subject,
      text: msg.text,
      html: msg.html,
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      created_at: at,
      trial_id: trialId,
    })),
  );
}
