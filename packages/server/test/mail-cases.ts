/**
 * @module Every template case (src/mail/render/cases.testing.ts) queued and sent by the mail worker as each case's vendor:
 * the worker draws a mail with the branding of its context, so each vendor's cases go out through a context of their own.
 */
import type { Harness } from '@resellerkit/dev-env/harness';
import type { ReceivedMail } from '@resellerkit/dev-env/smtp';
import { queueEmails } from '../src/mail/outbox.js';
import { BRANDS, ALL } from '../src/mail/render/cases.testing.js';
import { sendDueEmails, type createTransport } from '../src/mail/sender.js';

/** Sends case i to `case{i}@{domain}` and returns what arrived for each case, by label. */
export async function sendEveryCase(h: Harness, transport: ReturnType<typeof createTransport>, messages: ReceivedMail[], domain: string): Promise<Map<string, ReceivedMail | undefined>> {
  for (const brand of BRANDS) {
    const mails = ALL.flatMap((c, i) => (c.brand === brand ? [{ to: `case${i}@${domain}`, msg: c.content }] : []));
    await h.services.ctx.db.transaction().execute((tx) => queueEmails(tx, h.clock.now().toISOString(), mails));
    await sendDueEmails({ ...h.services.ctx, branding: brand }, transport);
  }
  return new Map(ALL.map((c, i) => [c.label, messages.find((m) => m.to.includes(`case${i}@${domain}`))]));
}
