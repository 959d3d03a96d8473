/** @module The mail queue's SQL: due mails, the lease a claim takes, and each outcome. */
import type { Kysely, Selectable } from 'kysely';
import type { Database, EmailTable } from '../db/schema.js';

export type QueuedEmail = Selectable<EmailTable>;

export function dueEmails(db: Kysely<Database>, now: string, limit: number): Promise<QueuedEmail[]> {
  return db.selectFrom('emails').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(limit).execute();
}

/** Pushes `next_attempt_at` to `until` if the mail is still as read: false when another process claimed it first. */
export async function claimEmail(db: Kysely<Database>, mail: QueuedEmail, until: string): Promise<boolean> {
  const claim = await db
    .updateTable('emails')
    .set({ next_attempt_at: until })
    .where('id', '=', mail.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '=', mail.next_attempt_at)
    .executeTakeFirst();
  return claim.numUpdatedRows > 0n;
}

export async function markKept(db: Kysely<Database>, id: string, at: string): Promise<void> {
  await db.updateTable('emails').set({ status: 'kept', sent_at: at }).where('id', '=', id).execute();
}

export async function markSent(db: Kysely<Database>, id: string, at: string, attempts: number): Promise<void> {
  await db.updateTable('emails').set({ status: 'sent', sent_at: at, attempts, last_error: null }).where('id', '=', id).execute();
}

export async function markFailedAttempt(db: Kysely<Database>, id: string, f: { attempts: number; error: string; status: 'failed' | 'pending'; nextAttemptAt: string }): Promise<void> {
  await db.updateTable('emails').set({ attempts: f.attempts, last_error: f.error, status: f.status, next_attempt_at: f.nextAttemptAt }).where('id', '=', id).execute();
}
