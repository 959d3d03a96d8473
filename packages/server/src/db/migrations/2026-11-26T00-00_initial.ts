/** @module The reseller lifecycle: resellers, keys, licences, organizations, trials, orders, customers, ledger, outbox. */
import type { Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

export const initial: DialectMigration = (dialect) => ({
  async up(db: Kysely<any>) {
    const blob = dialect === 'postgres' ? 'bytea' : 'blob';
    const text = 'text' as const;

    await db.schema
      .createTable('resellers')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('org_number', text, (c) => c.notNull())
      .addColumn('contact_email', text, (c) => c.notNull())
      .addColumn('discount_bp', 'integer', (c) => c.notNull())
      .addColumn('allowed_origins', text, (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('api_keys')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('reseller_id', text, (c) => c.notNull().references('resellers.id'))
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('key_hash', text, (c) => c.notNull().unique())
      .addColumn('key_prefix', text, (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('last_used_at', text)
      .addColumn('revoked_at', text)
      .execute();

    await db.schema
      .createTable('licences')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('customer_type', text, (c) => c.notNull())
      .addColumn('price_amount', 'bigint', (c) => c.notNull())
      .addColumn('currency', text, (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('organizations')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('reseller_id', text, (c) => c.notNull().references('resellers.id'))
      .addColumn('name', text, (c) => c.notNull())
      .addColumn('org_number', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('updated_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('organizations_reseller').on('organizations').columns(['reseller_id', 'id']).execute();

    await db.schema
      .createTable('trials')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('reseller_id', text, (c) => c.notNull().references('resellers.id'))
      .addColumn('organization_id', text, (c) => c.notNull().references('organizations.id'))
      .addColumn('customer_type', text, (c) => c.notNull())
      .addColumn('status', text, (c) => c.notNull())
      .addColumn('ends_at', text, (c) => c.notNull())
      .addColumn('expiring_notified_at', text)
      .addColumn('expired_at', text)
      .addColumn('purge_warned_at', text)
      .addColumn('purged_at', text)
      .addColumn('converted_at', text)
      .addColumn('cancelled_at', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('trials_reseller_status').on('trials').columns(['reseller_id', 'status', 'id']).execute();
    await db.schema.createIndex('trials_reseller').on('trials').columns(['reseller_id', 'id']).execute();
    await db.schema.createIndex('trials_status_ends').on('trials').columns(['status', 'ends_at']).execute();

    await db.schema
      .createTable('trial_users')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('trial_id', text, (c) => c.notNull().references('trials.id'))
      .addColumn('reseller_id', text, (c) => c.notNull())
      .addColumn('email', text, (c) => c.notNull())
      .addColumn('role', text, (c) => c.notNull())
      .addColumn('status', text, (c) => c.notNull())
      .addColumn('invitation_hash', text, (c) => c.unique())
      .addColumn('invitation_expires_at', text)
      .addColumn('password_hash', text)
      .addColumn('accepted_at', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('trial_users_trial').on('trial_users').columns(['trial_id', 'id']).execute();
    await db.schema.createIndex('trial_users_trial_email').on('trial_users').columns(['trial_id', 'email']).unique().execute();

    await db.schema
      .createTable('user_sessions')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('token_hash', text, (c) => c.notNull().unique())
      .addColumn('trial_user_id', text, (c) => c.notNull())
      .addColumn('expires_at', text, (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('orders')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('reseller_id', text, (c) => c.notNull().references('resellers.id'))
      .addColumn('trial_id', text, (c) => c.notNull().references('trials.id'))
      .addColumn('licence_id', text, (c) => c.notNull().references('licences.id'))
      .addColumn('status', text, (c) => c.notNull())
      .addColumn('invoicing', text, (c) => c.notNull())
      .addColumn('signer', text, (c) => c.notNull())
      .addColumn('agreement_sha256', text)
      .addColumn('agreement_size', 'integer')
      .addColumn('agreement_uploaded_at', text)
      .addColumn('rejection_reason', text)
      .addColumn('submitted_at', text)
      .addColumn('decided_at', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .addColumn('updated_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('orders_reseller').on('orders').columns(['reseller_id', 'id']).execute();
    await db.schema.createIndex('orders_status').on('orders').columns(['status', 'id']).execute();
    await db.schema.createIndex('orders_trial').on('orders').columns(['trial_id']).execute();

    await db.schema
      .createTable('agreements')
      .addColumn('order_id', text, (c) => c.primaryKey().references('orders.id'))
      .addColumn('content', blob, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('customers')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('reseller_id', text, (c) => c.notNull().references('resellers.id'))
      .addColumn('organization_id', text, (c) => c.notNull())
      .addColumn('trial_id', text, (c) => c.notNull().unique())
      .addColumn('order_id', text, (c) => c.notNull().unique())
      .addColumn('licence_id', text, (c) => c.notNull())
      .addColumn('status', text, (c) => c.notNull())
      .addColumn('licence_year', 'integer', (c) => c.notNull())
      .addColumn('renews_at', text, (c) => c.notNull())
      .addColumn('cancelled_at', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('customers_reseller').on('customers').columns(['reseller_id', 'id']).execute();
    await db.schema.createIndex('customers_status_renews').on('customers').columns(['status', 'renews_at']).execute();

    await db.schema
      .createTable('revenue_entries')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('reseller_id', text, (c) => c.notNull())
      .addColumn('customer_id', text, (c) => c.notNull())
      .addColumn('licence_id', text, (c) => c.notNull())
      .addColumn('licence_year', 'integer', (c) => c.notNull())
      .addColumn('period_start', text, (c) => c.notNull())
      .addColumn('currency', text, (c) => c.notNull())
      .addColumn('list_price', 'bigint', (c) => c.notNull())
      .addColumn('reseller_margin', 'bigint', (c) => c.notNull())
      .addColumn('vendor_amount', 'bigint', (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      // One entry per licence year: the ledger cannot count a year twice, whatever races.
      .addUniqueConstraint('revenue_customer_year', ['customer_id', 'licence_year'])
      .execute();
    await db.schema.createIndex('revenue_reseller_period').on('revenue_entries').columns(['reseller_id', 'period_start']).execute();

    const events = db.schema.createTable('events');
    await (dialect === 'postgres'
      ? events.addColumn('seq', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
      : events.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    )
      .addColumn('id', text, (c) => c.notNull().unique())
      .addColumn('type', text, (c) => c.notNull())
      .addColumn('reseller_id', text)
      .addColumn('data', text, (c) => c.notNull())
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_reseller_seq').on('events').columns(['reseller_id', 'seq']).execute();

    await db.schema
      .createTable('emails')
      .addColumn('id', text, (c) => c.primaryKey())
      .addColumn('to_address', text, (c) => c.notNull())
      .addColumn('subject', text, (c) => c.notNull())
      .addColumn('text', text, (c) => c.notNull())
      .addColumn('status', text, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', text, (c) => c.notNull())
      .addColumn('last_error', text)
      .addColumn('sent_at', text)
      .addColumn('created_at', text, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('emails_status_next').on('emails').columns(['status', 'next_attempt_at']).execute();

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
  async down(db: Kysely<any>) {
    for (const t of ['idempotency_keys', 'emails', 'events', 'revenue_entries', 'customers', 'agreements', 'orders', 'user_sessions', 'trial_users', 'trials', 'organizations', 'licences', 'api_keys', 'resellers']) {
      await db.schema.dropTable(t).ifExists().execute();
    }
  },
});
