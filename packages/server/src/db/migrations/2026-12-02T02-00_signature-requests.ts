/**
 * @module The vendor's agreement template, the signature requests of orders (one-time signing links, hashed at rest),
 * and whether an order's agreement was signed electronically. An order has at most one open request: the partial
 * unique index decides when two requests race.
 */
import { sql, type Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const signatureRequests: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
    await db.schema
      .createTable('agreement_templates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('signature_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
      .addColumn('reseller_id', 'text', (c) => c.notNull())
      .addColumn('trial_id', 'text', (c) => c.notNull())
      .addColumn('signer_name', 'text', (c) => c.notNull())
      .addColumn('signer_email', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('auto_submit', 'integer', (c) => c.notNull().defaultTo(0))
      // The exact draft the signer is shown and signs, and its SHA-256 (printed on the signature page).
      .addColumn('draft', bytes, (c) => c.notNull())
      .addColumn('draft_sha256', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decline_reason', 'text')
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('signature_requests_order').on('signature_requests').column('order_id').execute();
    await sql`create unique index signature_requests_one_open_per_order on signature_requests (order_id) where status = 'sent'`.execute(db);
    await db.schema.alterTable('orders').addColumn('agreement_signed_electronically', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('orders').dropColumn('agreement_signed_electronically').execute();
    await db.schema.dropTable('signature_requests').execute();
    await db.schema.dropTable('agreement_templates').execute();
  },
});
