/**
 * @module The mail worker: sends queued e-mails over SMTP with retries, or keeps them for /dev/mail when no SMTP_URL is set.
 * A claim pushes `next_attempt_at` forward as a lease, so several processes never send one mail at the same time and a
 * crash mid-send only delays it.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Ctx } from '../app/context.js';
import { queuedParts } from './outbox.js';
import { claimEmail, dueEmails, markFailedAttempt, markKept, markSent } from './repo.js';

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
  const due = await dueEmails(ctx.db, now.toISOString(), BATCH);
  let sent = 0;
  for (const mail of due) {
    if (!(await claimEmail(ctx.db, mail, new Date(now.getTime() + LEASE_MS).toISOString()))) continue;
    if (!transport) {
      await markKept(ctx.db, mail.id, now.toISOString());
      continue;
    }
    try {
      // Drawn here, not when queued: rendering the HTML stays out of the change's transaction (inside the try, so a
      // mail that cannot be drawn is retried and then marked failed like one that cannot be delivered).
      const parts = queuedParts(mail, ctx.branding);
      // multipart/alternative: text first, HTML last, so a client shows the richest part it can.
      await transport.sendMail({
        from: ctx.config.MAIL_FROM,
        to: mail.to_address,
        subject: parts.subject,
        text: parts.text,
        ...(parts.html ? { html: parts.html } : {}),
        messageId: `<${mail.id}@resellerkit>`,
      });
      await markSent(ctx.db, mail.id, ctx.clock.now().toISOString(), mail.attempts + 1);
      sent++;
    } catch (err) {
      const attempts = mail.attempts + 1;
      await markFailedAttempt(ctx.db, mail.id, {
        attempts,
        error: String((err as Error).message ?? err).slice(0, 500),
        status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
        nextAttemptAt: new Date(ctx.clock.now().getTime() + retryDelayMs(attempts)).toISOString(),
      });
    }
  }
  return sent;
}
