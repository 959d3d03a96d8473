/** @module Loading trials with their users and organization names: one query for the users of a whole page (no N+1). */
import type { Selectable } from 'kysely';
import { toTrial, toTrialUser, type Trial } from './mappers.js';
import type { TrialTable } from './schema.js';
import type { Tx } from '../domain/context.js';

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
