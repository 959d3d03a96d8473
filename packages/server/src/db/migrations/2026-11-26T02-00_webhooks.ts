/** @module Webhooks: endpoints, one delivery row per (endpoint, event), the per-attempt log, and the server's signing keys. */
import type { Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const webhooks: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    const text = 'text' as const;

    // Ed25519 key pairs shared by every process (webhook v1a signatures, widget session JWTs).
    // `active` is 1 for the one key in use and NULL once retired: the unique constraint lets exactly one process win
    // the race to create the first key, since NULLs never collide.
    await db.schema
      .createTable('signing_keys')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('alg', text, (c) => c.notNull())
      .addColumn('public_jwk', text, (c) => c.notNull())
      .addColumn('private_pkcs8', text, (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.unique())
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('retired_at', text)
      .execute();

    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('reseller_id', text, (c) => c.references('resellers.id'))
      .addColumn('url', text, (c) => c.notNull())
      .addColumn('description', text, (c) => c.notNull().defaultTo(''))
      .addColumn('enabled_events', text, (c) => c.notNull().defaultTo('[]'))
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('secret', text, (c) => c.notNull())
      .addColumn('previous_secret', text)
      .addColumn('previous_secret_expires_at', text)
      .addColumn('signing', text, (c) => c.notNull().defaultTo('hmac'))
      .addColumn('failing_since', text)
      .addColumn('disabled_reason', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('updated_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_endpoints_reseller').on('webhook_endpoints').columns(['reseller_id', 'enabled']).execute();

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('endpoint_id', text, (c) => c.notNull().references('webhook_endpoints.id'))
      .addColumn('event_id', text, (c) => c.notNull())
      .addColumn('event_type', text, (c) => c.notNull())
      .addColumn('status', text, (c) => c.notNull())
      // 0 until the first attempt fails: claims take first attempts before retries, so a backlog of retries never starves them.
      .addColumn('retrying', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', text, (c) => c.notNull())
      .addColumn('lease_until', text)
      .addColumn('lease_owner', text)
      .addColumn('last_status', 'integer')
      .addColumn('last_error', text)
      .addColumn('last_attempt_at', text)
      .addColumn('succeeded_at', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_deliveries_claim').on('webhook_deliveries').columns(['status', 'retrying', 'next_attempt_at']).execute();
    await db.schema.createIndex('webhook_deliveries_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'id']).execute();
    await db.schema.createIndex('webhook_deliveries_endpoint_status').on('webhook_deliveries').columns(['endpoint_id', 'status', 'created_at']).execute();

    await db.schema
      .createTable('webhook_attempts')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('delivery_id', text, (c) => c.notNull().references('webhook_deliveries.id'))
      .addColumn('endpoint_id', text, (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('response_body', text)
      .addColumn('error', text)
      .addColumn('at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_attempts_delivery').on('webhook_attempts').columns(['delivery_id', 'at']).execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['webhook_attempts', 'webhook_deliveries', 'webhook_endpoints', 'signing_keys']) await db.schema.dropTable(t).ifExists().execute();
  },
});
