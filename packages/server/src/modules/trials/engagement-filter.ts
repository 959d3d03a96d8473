/**
 * @module `GET /v1/trials?engagement=low,none`: the rules of engagement.ts written as SQL over the trial's users, so the
 * filter pages in the database. engagement-filter.test.ts holds it to engagementLevel() case by case.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { EngagementLevel } from './engagement.js';

/** `cutoff` is the window's start (now − 7 days): activity strictly after it is in the window. */
export interface EngagementFilter {
  levels: EngagementLevel[];
  cutoff: string;
}

export function engagementIn(f: EngagementFilter): Expression<SqlBool> {
  const count = (where: ReturnType<typeof sql>) => sql`(select count(*) from trial_users u where u.trial_id = trials.id and ${where})`;
  const accepted = count(sql`u.accepted_at is not null`);
  const active = count(sql`u.last_activity_at > ${f.cutoff}`);
  const editors = count(sql`u.last_edit_at > ${f.cutoff}`);
  const anyInWindow = sql`exists (select 1 from trial_users u where u.trial_id = trials.id and u.last_activity_at > ${f.cutoff})`;
  const level = sql`(case
    when ${accepted} = 0 then 'none'
    when not ${anyInWindow} then 'low'
    when ${editors} >= 2 then 'high'
    when ${editors} = 1 or ${active} >= 2 then 'medium'
    else 'low' end)`;
  return sql<SqlBool>`${level} in (${sql.join(f.levels)})`;
}
