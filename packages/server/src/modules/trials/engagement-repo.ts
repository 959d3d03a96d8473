/**
 * @module The SQL of trial follow-up: the trials due a nudge, the one-time claims that make each nudge go out once
 * however many schedulers run (guarded updates, a primary key), the digest's nudges, and the conversion counts.
 */
import { sql } from 'kysely';
import type { Tx } from '../../app/context.js';
import type { TrialRow } from './repo.js';

const lastActivity = sql<string | null>`(select max(u.last_activity_at) from trial_users u where u.trial_id = trials.id)`;

/** Active trials quiet since `cutoff` or longer whose current quiet spell has not been announced. */
export function quietTrials(db: Tx, cutoff: string, limit: number) {
  const since = sql<string>`coalesce(${lastActivity}, trials.created_at)`;
  return db
    .selectFrom('trials')
    .selectAll()
    .select(lastActivity.as('last_activity_at'))
    .where('status', '=', 'active')
    .where(sql<boolean>`${since} <= ${cutoff}`)
    .where((eb) => eb.or([eb('inactive_notified_since', 'is', null), eb('inactive_notified_since', '<>', since)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Claims the announcement of the quiet spell that began at `since`: true for exactly one caller. */
export async function claimInactive(tx: Tx, trialId: string, since: string): Promise<boolean> {
  const res = await tx
    .updateTable('trials')
    .set({ inactive_notified_since: since })
    .where('id', '=', trialId)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('inactive_notified_since', 'is', null), eb('inactive_notified_since', '<>', since)]))
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Active, never-announced trials with two or more plan editors since `cutoff`: by engagement.ts, exactly the `high` ones. */
export function newlyHighTrials(db: Tx, cutoff: string, limit: number): Promise<TrialRow[]> {
  const editors = sql<number>`(select count(*) from trial_users u where u.trial_id = trials.id and u.last_edit_at > ${cutoff})`;
  return db.selectFrom('trials').selectAll().where('status', '=', 'active').where('engaged_at', 'is', null).where(sql<boolean>`${editors} >= 2`).orderBy('id').limit(limit).execute();
}

export async function claimEngaged(tx: Tx, trialId: string, at: string): Promise<boolean> {
  const res = await tx.updateTable('trials').set({ engaged_at: at }).where('id', '=', trialId).where('status', '=', 'active').where('engaged_at', 'is', null).executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

/** Resellers with nudges after `since` and no digest on `day` yet. */
export async function resellersWithNudges(db: Tx, types: readonly string[], since: string, day: string): Promise<string[]> {
  const rows = await db
    .selectFrom('events')
    .select('reseller_id')
    .distinct()
    .where('type', 'in', types)
    .where('created_at', '>', since)
    .where('reseller_id', 'is not', null)
    .where('reseller_id', 'not in', (eb) => eb.selectFrom('engagement_digests').select('reseller_id').where('day', '=', day))
    .execute();
  return rows.map((r) => r.reseller_id!);
}

export function lastDigest(db: Tx, resellerId: string) {
  return db.selectFrom('engagement_digests').select(['day', 'sent_at']).where('reseller_id', '=', resellerId).orderBy('day', 'desc').limit(1).executeTakeFirst();
}

export function nudgesOf(db: Tx, resellerId: string, types: readonly string[], since: string) {
  return db.selectFrom('events').select(['type', 'data', 'trial_id']).where('reseller_id', '=', resellerId).where('type', 'in', types).where('created_at', '>', since).orderBy('seq').execute();
}

/** The day's digest for the reseller: the primary key lets one insert through, on either store. */
export async function claimDigest(tx: Tx, resellerId: string, day: string, at: string): Promise<boolean> {
  const res = await tx.insertInto('engagement_digests').values({ reseller_id: resellerId, day, sent_at: at }).onConflict((oc) => oc.columns(['reseller_id', 'day']).doNothing()).executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Closed trials by the level they closed at: converted, and expired (a purged trial that had expired counts as expired). */
export function closedByLevel(db: Tx, resellerId: string | null) {
  let q = db
    .selectFrom('trials')
    .select([
      'closed_engagement as level',
      sql<number>`sum(case when converted_at is not null then 1 else 0 end)`.as('converted'),
      sql<number>`sum(case when converted_at is null and expired_at is not null then 1 else 0 end)`.as('expired'),
    ])
    .where('closed_engagement', 'is not', null)
    .groupBy('closed_engagement');
  if (resellerId) q = q.where('reseller_id', '=', resellerId);
  return q.execute();
}
