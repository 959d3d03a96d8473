/**
 * @module Idempotency records that hold no usable secret: looked up by a digest of the credential and the key, the
 * response sealed with a key only the caller can derive (issue 14, items 3 and 10). The old table kept the key and the
 * response in plain text (API keys, webhook secrets); it is dropped with what it held, since those rows cannot be
 * sealed without the callers' credentials. Signing keys keep their table: the service seals them at start.
 */
import type { Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const idempotencySecrets: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    const text = 'text' as const;
    await db.schema.dropTable('idempotency_keys').execute();
    await db.schema
      .createTable('idempotency_records')
      .addColumn('key_hash', text, (c) => c.primaryKey())
      .addColumn('request_hash', text, (c) => c.notNull())
      .addColumn('response', text, (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();
    // Pruning walks the oldest first.
    await db.schema.createIndex('idempotency_records_created_at').on('idempotency_records').column('created_at').execute();
  },
  async down(db: Kysely<any>) {
    const text = 'text' as const;
    await db.schema.dropTable('idempotency_records').execute();
    await db.schema
      .createTable('idempotency_keys')
      .addColumn('credential_id', text, (c) => c.notNull())
      .addColumn('key', text, (c) => c.notNull())
      .addColumn('request_hash', text, (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('response_body', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_pk', ['credential_id', 'key'])
      .execute();
  },
});
