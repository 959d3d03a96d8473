/**
 * @module The reseller's own copy of its trials and customers, kept in SQLite from verified webhooks.
 *
 * Deliveries are at-least-once and not ordered, so every write is idempotent (the `webhook-id`
 * is remembered) and a state only replaces an older one (compared by the event's timestamp).
 */
import Database from 'better-sqlite3';

export interface MirrorRow {
  trial_id: string;
  organization_id: string | null;
  organization_name: string | null;
  trial_status: string | null;
  trial_updated_at: string | null;
  customer_id: string | null;
  customer_status: string | null;
  renews_at: string | null;
  customer_updated_at: string | null;
}

/** What the mirror keeps of a trial: an SDK `Trial` fits, and so does `{ id, status }` alone. */
export interface TrialState {
  id: string;
  organizationId?: string | null;
  organizationName?: string | null;
  status: string;
}

/** What the mirror keeps of a customer: an SDK `Customer` fits. */
export interface CustomerState {
  id: string;
  trialId: string;
  organizationId?: string | null;
  organizationName?: string | null;
  status: string;
  renewsAt?: string | null;
}

export class Mirror {
  readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`
      create table if not exists accounts (
        trial_id text primary key,
        organization_id text,
        organization_name text,
        trial_status text,
        trial_updated_at text,
        customer_id text unique,
        customer_status text,
        renews_at text,
        customer_updated_at text
      );
      create table if not exists processed_webhooks (id text primary key, received_at text not null);
    `);
  }

  /** Runs `apply` once per webhook id; a redelivery of the same id changes nothing. Returns false for a duplicate. */
  once(webhookId: string, apply: () => void): boolean {
    return this.db.transaction(() => {
      const fresh = this.db.prepare('insert or ignore into processed_webhooks (id, received_at) values (?, ?)').run(webhookId, new Date().toISOString());
      if (fresh.changes === 0) return false;
      apply();
      return true;
    })();
  }

  /** Records a trial's state unless a newer one is already known. */
  trial(t: TrialState, at: string): void {
    this.db
      .prepare(
        `insert into accounts (trial_id, organization_id, organization_name, trial_status, trial_updated_at)
         values (@id, @organizationId, @organizationName, @status, @at)
         on conflict (trial_id) do update set
           organization_id = coalesce(excluded.organization_id, organization_id),
           organization_name = coalesce(excluded.organization_name, organization_name),
           trial_status = case when trial_updated_at is null or trial_updated_at <= excluded.trial_updated_at then excluded.trial_status else trial_status end,
           trial_updated_at = max(coalesce(trial_updated_at, ''), excluded.trial_updated_at)`,
      )
      .run({ id: t.id, organizationId: t.organizationId ?? null, organizationName: t.organizationName ?? null, status: t.status, at });
  }

  /** Records a customer's state on its trial's row unless a newer one is already known. */
  customer(c: CustomerState, at: string): void {
    this.db
      .prepare(
        `insert into accounts (trial_id, organization_id, organization_name, customer_id, customer_status, renews_at, customer_updated_at)
         values (@trialId, @organizationId, @organizationName, @id, @status, @renewsAt, @at)
         on conflict (trial_id) do update set
           organization_id = coalesce(organization_id, excluded.organization_id),
           organization_name = coalesce(organization_name, excluded.organization_name),
           customer_id = excluded.customer_id,
           customer_status = case when customer_updated_at is null or customer_updated_at <= excluded.customer_updated_at then excluded.customer_status else customer_status end,
           renews_at = case when customer_updated_at is null or customer_updated_at <= excluded.customer_updated_at then coalesce(excluded.renews_at, renews_at) else renews_at end,
           customer_updated_at = max(coalesce(customer_updated_at, ''), excluded.customer_updated_at)`,
      )
      .run({ id: c.id, trialId: c.trialId, organizationId: c.organizationId ?? null, organizationName: c.organizationName ?? null, status: c.status, renewsAt: c.renewsAt ?? null, at });
  }

  all(): MirrorRow[] {
    return this.db.prepare('select * from accounts order by trial_id').all() as MirrorRow[];
  }

  close(): void {
    this.db.close();
  }
}
