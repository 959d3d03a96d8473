/**
 * @module Keeps `trials.search_text` and `trials.name_key` (model.ts) in step with what they are made of: the
 * organization's name, the account's users' e-mails and its orders' ids. The one writer of the columns after creation: whatever changes one of those calls it in the same
 * transaction. A customer is searched through its trial's text (the same users, organization and orders).
 */
import { sql } from 'kysely';
import type { Tx } from '../../app/context.js';
import { nameSortKey, searchText } from './model.js';

/** Recomputes the search text of these trials from the rows it is made of. */
export async function refreshSearchText(tx: Tx, trialIds: readonly string[]): Promise<void> {
  if (trialIds.length === 0) return;
  const ids = [...new Set(trialIds)];
  // Lock the rows first (a no-op update, the same on both stores): two transactions adding users to one trial on
  // PostgreSQL would otherwise each read only their own new user, and the later write would drop the other's e-mail.
  await tx.updateTable('trials').set({ search_text: sql`search_text` }).where('id', 'in', ids).execute();
  const [trials, users, orders] = await Promise.all([
    tx.selectFrom('trials').innerJoin('organizations', 'organizations.id', 'trials.organization_id').select(['trials.id', 'organizations.name']).where('trials.id', 'in', ids).execute(),
    tx.selectFrom('trial_users').select(['trial_id', 'email']).where('trial_id', 'in', ids).orderBy('id').execute(),
    tx.selectFrom('orders').select(['trial_id', 'id']).where('trial_id', 'in', ids).orderBy('id').execute(),
  ]);
  for (const t of trials) {
    const text = searchText({
      organizationName: t.name,
      emails: users.filter((u) => u.trial_id === t.id).map((u) => u.email),
      orderIds: orders.filter((o) => o.trial_id === t.id).map((o) => o.id),
    });
    await tx.updateTable('trials').set({ search_text: text, name_key: nameSortKey(t.name) }).where('id', '=', t.id).execute();
  }
}

/** After an organization is renamed: the text of each of its trials. */
export async function refreshOrganizationSearchText(tx: Tx, organizationId: string): Promise<void> {
  const rows = await tx.selectFrom('trials').select('id').where('organization_id', '=', organizationId).execute();
  await refreshSearchText(
    tx,
    rows.map((r) => r.id),
  );
}
