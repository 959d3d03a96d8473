/**
 * @module Indexes for retention (retention/repo.ts): each prune finds its oldest rows by time, a small batch at a
 * time, without scanning the table. Each index grows at its right edge, so the hot inserts barely pay for it.
 */
import type { Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const retention: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    await db.schema.createIndex('webhook_attempts_at').on('webhook_attempts').column('at').execute();
    await db.schema.createIndex('webhook_deliveries_created').on('webhook_deliveries').column('created_at').execute();
    await db.schema.createIndex('events_created').on('events').column('created_at').execute();
    await db.schema.createIndex('emails_sent').on('emails').column('sent_at').execute();
  },
  async down(db: Kysely<any>) {
    for (const name of ['webhook_attempts_at', 'webhook_deliveries_created', 'events_created', 'emails_sent']) await db.schema.dropIndex(name).execute();
  },
});
