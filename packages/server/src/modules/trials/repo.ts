/**
 * @module The trials' SQL: guarded status moves, the organization's holder, and loading trials with their users and
 * organization names (one query for the users of a whole page, no N+1). The list runs through the read cache on
 * both stores (db/read-cache.ts).
 */
import { sql, type Selectable } from 'kysely';
import type { DialectName } from '../../db/connect.js';
import { insertRows } from '../../db/insert-rows.js';
import { scopedRow } from '../../db/scoped.js';
import { toTrialUser, USER_VIEW_COLUMNS } from '../accounts/model.js';
import { toTrial, type Trial } from './model.js';
import { engagementIn, type EngagementFilter } from './engagement-filter.js';
import type { TrialTable } from '../../db/schema.js';
import type { ListSort } from '../search/model.js';
import type { Ctx, Tx } from '../../app/context.js';

export type TrialRow = Selectable<TrialTable>;

export async function hydrateTrials(db: Tx, rows: Selectable<TrialTable>[], now: Date): Promise<Trial[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const orgIds = [...new Set(rows.map((r) => r.organization_id))];
  const [users, orgs] = await Promise.all([
    db.selectFrom('trial_users').select(['trial_id', ...USER_VIEW_COLUMNS]).where('trial_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', orgIds).execute(),
  ]);
  const byTrial = new Map<string, ReturnType<typeof toTrialUser>[]>();
  for (const u of users) {
    let list = byTrial.get(u.trial_id);
    if (!list) byTrial.set(u.trial_id, (list = []));
    list.push(toTrialUser(u));
  }
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  return rows.map((r) => toTrial(r, orgName.get(r.organization_id) ?? '', byTrial.get(r.id) ?? [], now));
}

/** A page of trials, served from the read cache while nothing in the store changed. */
export function cachedTrialPage(ctx: Pick<Ctx, 'db' | 'dialect' | 'caches'>, f: TrialFilter) {
  return ctx.caches.reads.read(`trials:${JSON.stringify(f)}`, () => trialPage(ctx.db, ctx.dialect, f));
}

/** Each user as a JSON object of its view columns, named as the rows are (`toTrialUser` maps them). */
const USER_JSON = sql.raw(USER_VIEW_COLUMNS.map((c) => `'${c}', u.${c}`).join(', '));

export interface TrialFilter {
  resellerId: string | null;
  statuses?: string[];
  organizationId?: string;
  /** A LIKE pattern over `search_text` (modules/search/model.ts). */
  search?: string;
  /** `ends_at` after the first and at or before the second. */
  endsBetween?: [string, string];
  sort?: ListSort;
  cursor?: string;
  limit: number;
  /** Carries its window's start, so the read cache keys a page by the time it was levelled at. */
  engagement?: EngagementFilter;
}

/**
 * One page of trials in one query: the organization joined in, each trial's users aggregated to JSON by the database.
 * One query and one row per trial instead of three queries and ~250 row objects for a page of 50 (docs/benchmarks.md).
 */
export async function trialPage(db: Tx, dialect: DialectName, f: TrialFilter): Promise<{ data: Omit<Trial, 'engagement'>[]; more: boolean }> {
  const users =
    dialect === 'sqlite'
      ? sql<string>`(select json_group_array(json_object(${USER_JSON})) from (select ${sql.raw(USER_VIEW_COLUMNS.join(', '))} from trial_users where trial_id = trials.id order by id) u)`
      : sql<string>`(select coalesce(json_agg(json_build_object(${USER_JSON}) order by u.id), '[]'::json)::text from trial_users u where u.trial_id = trials.id)`;
  let q = db
    .selectFrom('trials')
    .innerJoin('organizations', 'organizations.id', 'trials.organization_id')
    .select([
      'trials.id',
      'trials.organization_id',
      'trials.customer_type',
      'trials.status',
      'trials.ends_at',
      'trials.expired_at',
      'trials.created_at',
      'organizations.name as organization_name',
      users.as('users'),
    ]);
  if (f.resellerId) q = q.where('trials.reseller_id', '=', f.resellerId);
  if (f.statuses) q = q.where('trials.status', 'in', f.statuses);
  if (f.organizationId) q = q.where('trials.organization_id', '=', f.organizationId);
  if (f.search) q = q.where(sql<boolean>`trials.search_text like ${f.search} escape '\\'`);
  if (f.endsBetween) q = q.where('trials.ends_at', '>', f.endsBetween[0]).where('trials.ends_at', '<=', f.endsBetween[1]);
  if (f.engagement) q = q.where(engagementIn(f.engagement));
  if (f.sort === 'name') {
    // Keyset on (name key, id): the cursor is still the last id seen; its key is looked up in the same statement.
    if (f.cursor) q = q.where(sql<boolean>`(trials.name_key, trials.id) > (select c.name_key, c.id from trials c where c.id = ${f.cursor})`);
    q = q.orderBy('trials.name_key').orderBy('trials.id');
  } else {
    if (f.cursor) q = q.where('trials.id', '<', f.cursor);
    q = q.orderBy('trials.id', 'desc');
  }
  const rows = await q.limit(f.limit + 1).execute();
  const more = rows.length > f.limit;
  const data = (more ? rows.slice(0, f.limit) : rows).map((r) => ({
    id: r.id,
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    customerType: r.customer_type as Trial['customerType'],
    status: r.status as Trial['status'],
    endsAt: r.ends_at,
    expiredAt: r.expired_at,
    createdAt: r.created_at,
    users: (JSON.parse(r.users) as Parameters<typeof toTrialUser>[0][]).map(toTrialUser),
  }));
  return { data, more };
}

export function findTrial(db: Tx, id: string, scope: string | null): Promise<TrialRow> {
  return scopedRow(db, 'trials', id, scope, 'trial');
}

export function trialById(db: Tx, id: string): Promise<TrialRow> {
  return db.selectFrom('trials').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function insertTrial(tx: Tx, row: TrialRow): Promise<void> {
  await insertRows(tx, 'trials', [row]);
}

/** The trial holding the organization (`holds_organization = 1`), if any. */
export function organizationHolder(db: Tx, organizationId: string) {
  return db.selectFrom('trials').select(['id', 'status']).where('organization_id', '=', organizationId).where('holds_organization', '=', 1).executeTakeFirst();
}

/** Moves the end date, guarded on the state it was computed from; false when the trial changed meanwhile. */
export async function setEndsAt(tx: Tx, trial: TrialRow, endsAt: string): Promise<boolean> {
  // A new end date earns a new expiry warning.
  const res = await tx
    .updateTable('trials')
    .set({ ends_at: endsAt, expiring_notified_at: null })
    .where('id', '=', trial.id)
    .where('status', '=', trial.status)
    .where('ends_at', '=', trial.ends_at)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/**
 * The guarded status update: only from `sources`, only if no one moved the trial first. Returns the moved row, or
 * null if nothing changed.
 */
export async function moveTrialRow(
  tx: Tx,
  trial: TrialRow,
  to: string,
  sources: readonly string[],
  values: Partial<Pick<TrialRow, 'holds_organization' | 'expired_at' | 'converted_at' | 'cancelled_at' | 'purged_at' | 'closed_engagement'>>,
): Promise<TrialRow | null> {
  const res = await tx
    .updateTable('trials')
    .set({ status: to, ...values })
    .where('id', '=', trial.id)
    .where('status', '=', trial.status)
    .where('status', 'in', sources)
    .executeTakeFirst();
  return res.numUpdatedRows ? { ...trial, status: to, ...values } : null;
}

export async function setHoldsOrganization(tx: Tx, trialId: string, holds: 1 | null): Promise<void> {
  await tx.updateTable('trials').set({ holds_organization: holds }).where('id', '=', trialId).execute();
}

/** The trial's row, locked on PostgreSQL (SQLite runs one write transaction at a time). */
export function lockTrial(ctx: Pick<Ctx, 'dialect'>, tx: Tx, id: string, mode: 'update' | 'share'): Promise<TrialRow> {
  const q = tx.selectFrom('trials').selectAll().where('id', '=', id);
  if (ctx.dialect === 'sqlite') return q.executeTakeFirstOrThrow();
  return (mode === 'update' ? q.forUpdate() : q.forShare()).executeTakeFirstOrThrow();
}

export async function setCustomerType(tx: Tx, id: string, customerType: string): Promise<void> {
  await tx.updateTable('trials').set({ customer_type: customerType }).where('id', '=', id).execute();
}

/** Stamps a one-time notice (`expiring_notified_at`, `purge_warned_at`) while the trial is still `status`; false if already stamped or moved. */
export async function stampNotice(tx: Tx, trialId: string, column: 'expiring_notified_at' | 'purge_warned_at', status: string, at: string): Promise<boolean> {
  const res = await tx.updateTable('trials').set({ [column]: at }).where('id', '=', trialId).where(column, 'is', null).where('status', '=', status).executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Trials in one of `statuses` whose `column` is at or before `cutoff`, and (with `unstamped`) whose notice is not yet sent. */
export function dueTrials(
  db: Tx,
  q: { statuses: readonly string[]; column: 'ends_at' | 'expired_at' | 'cancelled_at'; cutoff: string; unstamped?: 'expiring_notified_at' | 'purge_warned_at'; limit: number },
): Promise<TrialRow[]> {
  let query = db.selectFrom('trials').selectAll().where('status', 'in', q.statuses).where(q.column, '<=', q.cutoff);
  if (q.unstamped) query = query.where(q.unstamped, 'is', null);
  return query.limit(q.limit).execute();
}
