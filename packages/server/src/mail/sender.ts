/**
 * @module The mail worker: sends queued e-mails over SMTP with retries, or keeps them for /dev/mail when no SMTP_URL is set.
 * A claim pushes `next_attempt_at` forward as a lease, so several processes never send one mail at the same time and a
 * crash mid-send only delays it.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Ctx } from '../app/context.js';

const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 12;
const BATCH = 50;

export function createTransport(smtpUrl: string | undefined): Transporter | null {
  return smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
}

/** Backoff: 30 s, 1 min, 2 min … capped at one hour; about 7 hours of outage before giving up. */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);
}

export async function sendDueEmails(ctx: Ctx, transport: Transporter | null): Promise<number> {
  const now = ctx.clock.now();
  const due = await ctx.db
    .selectFrom('emails')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('next_attempt_at')
    .limit(BATCH)
    .execute();
  let sent = 0;
  for (const mail of due) {
    const claim = await ctx.db
      .updateTable('emails')
      .set({ next_attempt_at: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where('id', '=', mail.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', mail.next_attempt_at)
      .executeTakeFirst();
    if (!claim.numUpdatedRows) continue;
    if (!transport) {
      await ctx.db.updateTable('emails').set({ status: 'kept', sent_at: now.toISOString() }).where('id', '=', mail.id).execute();
      continue;
    }
    try {
      await transport.sendMail({ from: ctx.config.MAIL_FROM, to: mail.to_address, subject: mail.subject, text: mail.text, messageId: `<${mail.id}@resellerkit>` });
      await ctx.db.updateTable('emails').set({ status: 'sent', sent_at: ctx.clock.now().toISOString(), attempts: mail.attempts + 1, last_error: null }).where('id', '=', mail.id).execute();
      sent++;
    } catch (err) {
      const attempts = mail.attempts + 1;
      await ctx.db
        .updateTable('emails')
        .set({
          attempts,
          last_error: String((err as Error).message ?? err).slice(0, 500),
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
          next_attempt_at: new Date(ctx.clock.now().getTime() + retryDelayMs(attempts)).toISOString(),
        })
        .where('id', '=', mail.id)
        .execute();
    }
  }
  return sent;
}
