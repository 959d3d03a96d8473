/** @module Runs the one set of migrations on either dialect. */
import { Migrator, sql, type Migration } from 'kysely';
import type { Store } from './connect.js';
import { initial } from './migrations/2026-11-26T00-00_initial.js';
import { plans } from './migrations/2026-11-26T01-00_plans.js';
import { webhooks } from './migrations/2026-11-26T02-00_webhooks.js';
import { audit } from './migrations/2026-11-26T03-00_audit.js';
import { revenueDaily } from './migrations/2026-11-26T04-00_revenue-daily.js';
import { trialOrgIndex } from './migrations/2026-11-26T05-00_trial-org-index.js';
import { idempotencySecrets } from './migrations/2026-12-01T00-00_idempotency-secrets.js';
import { invariants } from './migrations/2026-12-01T01-00_invariants.js';
import { eventFeed } from './migrations/2026-12-01T01-10_event-feed.js';
import { personalData } from './migrations/2026-12-01T01-20_personal-data.js';
import { normalizeAllowedOrigins } from './migrations/2026-12-01T02-00_normalize-allowed-origins.js';
import { agreementFilename } from './migrations/2026-12-01T03-00_agreement-filename.js';
import { widgetReleases } from './migrations/2026-12-01T03-10_widget-releases.js';
import { searchText } from './migrations/2026-12-02T01-00_search-text.js';
import { signatureRequests } from './migrations/2026-12-02T02-00_signature-requests.js';
import { cancellations } from './migrations/2026-12-02T03-00_cancellations.js';
import { rateLimitBuckets } from './migrations/2026-12-02T04-00_rate-limit-buckets.js';
import { retention } from './migrations/2026-12-02T04-00_retention.js';
import { trialEngagement } from './migrations/2026-12-02T05-00_trial-engagement.js';
import { partialAccountIndexes } from './migrations/2026-12-02T00-00_partial-account-indexes.js';
import { emailHtml } from './migrations/2026-12-02T06-00_email-html.js';
import { resellerPortalUrl } from './migrations/2026-12-03T06-00_reseller-portal-url.js';
import { revenueDailyReversals } from './migrations/2026-12-03T06-10_revenue-daily-reversals.js';
import { emailContent } from './migrations/2026-12-03T05-00_email-content.js';
import { rateLimitBatches } from './migrations/2026-12-03T07-00_rate-limit-batches.js';

/** Migrations receive the dialect: they branch only where SQLite and PostgreSQL truly differ. */
export type DialectMigration = (dialect: Store['dialect']) => Migration;

/** Every migration in order; names are ISO timestamps so they sort as they were written. */
const all: Record<string, DialectMigration> = {
  '2026-11-26T00-00_initial': initial,
  '2026-11-26T01-00_plans': plans,
  '2026-11-26T02-00_webhooks': webhooks,
  '2026-11-26T03-00_audit': audit,
  '2026-11-26T04-00_revenue-daily': revenueDaily,
  '2026-11-26T05-00_trial-org-index': trialOrgIndex,
  '2026-12-01T00-00_idempotency-secrets': idempotencySecrets,
  '2026-12-01T01-00_invariants': invariants,
  '2026-12-01T01-10_event-feed': eventFeed,
  '2026-12-01T01-20_personal-data': personalData,
  '2026-12-01T02-00_normalize-allowed-origins': normalizeAllowedOrigins,
  '2026-12-01T03-00_agreement-filename': agreementFilename,
  '2026-12-01T03-10_widget-releases': widgetReleases,
  '2026-12-02T00-00_partial-account-indexes': partialAccountIndexes,
  '2026-12-02T01-00_search-text': searchText,
  '2026-12-02T02-00_signature-requests': signatureRequests,
  '2026-12-02T03-00_cancellations': cancellations,
  '2026-12-02T04-00_rate-limit-buckets': rateLimitBuckets,
  '2026-12-02T04-00_retention': retention,
  '2026-12-02T05-00_trial-engagement': trialEngagement,
  '2026-12-02T06-00_email-html': emailHtml,
  '2026-12-03T05-00_email-content': emailContent,
  '2026-12-03T06-00_reseller-portal-url': resellerPortalUrl,
  '2026-12-03T06-10_revenue-daily-reversals': revenueDailyReversals,
  '2026-12-03T07-00_rate-limit-batches': rateLimitBatches,
};

/** Brings the store to the latest schema, or (tests of a data migration) to the migration named `to`. */
export async function migrate(store: Store, to?: string): Promise<void> {
  const migrator = new Migrator({
    db: store.db,
    provider: {
      async getMigrations() {
        return Object.fromEntries(Object.entries(all).map(([k, m]) => [k, m(store.dialect)]));
      },
    },
  });
  // A migration may build an index over a large table: its sort spills to temporary files rather than to the memory
  // the serving connection keeps its small temporary B-trees in (db/connect.ts).
  if (store.dialect === 'sqlite') await sql`pragma temp_store = FILE`.execute(store.db);
  const { error, results } = await (to ? migrator.migrateTo(to) : migrator.migrateToLatest()).finally(() =>
    store.dialect === 'sqlite' ? sql`pragma temp_store = MEMORY`.execute(store.db) : undefined,
  );
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String((error as Error).message ?? error)}`);
}
