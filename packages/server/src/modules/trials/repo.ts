/** @module Loading trials with their users and organization names: one query for the users of a whole page (no N+1). */
import { sql, type Selectable } from 'kysely';
import type { DialectName } from '../../db/connect.js';
import { toTrialUser } from '../accounts/model.js';
import { toTrial, type Trial } from './model.js';
import type { TrialTable } from '../../db/schema.js';
import type { Tx } from '../../domain/context.js';

export async function hydrateTrials(db: Tx, rows: Selectable<TrialTable>[]): Promise<Trial[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const orgIds = [...new Set(rows.map((r) => r.organization_id))];
  const [users, orgs] = await Promise.all([
    db.selectFrom('trial_users').select(['id', 'trial_id', 'email', 'role', 'status']).where('trial_id', 'in', ids).orderBy('id').execute(),
    db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', orgIds).execute(),
  ]);
  const byTrial = new Map<string, ReturnType<typeof toTrialUser>[]>();
  for (const u of users) {
    let list = byTrial.get(u.trial_id);
    if (!list) byTrial.set(u.trial_id, (list = []));
    list.push(toTrialUser(u));
  }
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  return rows.map((r) => toTrial(r, orgName.get(r.organization_id) ?? '', byTrial.get(r.id) ?? []));
}

export interface TrialFilter {
  resellerId: string | null;
  status?: string;
  organizationId?: string;
  cursor?: string;
  limit: number;
}

/**
 * One page of trials in one query: the organization joined in, each trial's users aggregated to JSON by the database.
 * The hot list endpoint went from three queries and ~250 row objects to one query and one row per trial.
 */
export async function trialPage(db: Tx, dialect: DialectName, f: TrialFilter): Promise<{ data: Trial[]; more: boolean }> {
  const users =
    dialect === 'sqlite'
      ? sql<string>`(select json_group_array(json_object('id', u.id, 'email', u.email, 'role', u.role, 'status', u.status)) from (select id, email, role, status from trial_users where trial_id = trials.id order by id) u)`
      : sql<string>`(select coalesce(json_agg(json_build_object('id', u.id, 'email', u.email, 'role', u.role, 'status', u.status) order by u.id), '[]'::json)::text from trial_users u where u.trial_id = trials.id)`;
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
  if (f.status) q = q.where('trials.status', '=', f.status);
  if (f.organizationId) q = q.where('trials.organization_id', '=', f.organizationId);
  if (f.cursor) q = q.where('trials.id', '<', f.cursor);
  const rows = await q.orderBy('trials.id', 'desc').limit(f.limit + 1).execute();
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
    users: JSON.parse(r.users) as Trial['users'],
  }));
  return { data, more };
}
