/**
 * @module The unique constraints that back the domain's invariants, and how to recognise their violation on either
 * store. A check-then-write races on PostgreSQL; the constraint decides, and the domain turns its violation into a 409.
 */

export interface UniqueConstraint {
  /** The index name, as PostgreSQL reports it. */
  index: string;
  /** The columns, as SQLite reports them: `UNIQUE constraint failed: trials.organization_id`. */
  columns: string;
}

/** An organization holds at most one open trial or live customer (the trial row holding it). */
export const ORGANIZATION_HOLDER: UniqueConstraint = { index: 'trials_organization_holder', columns: 'trials.organization_id' };
/** A trial has at most one order in progress. */
export const OPEN_ORDER: UniqueConstraint = { index: 'orders_one_open_per_trial', columns: 'orders.trial_id' };
/** An e-mail address is a user of an account once. */
export const ACCOUNT_USER_EMAIL: UniqueConstraint = { index: 'trial_users_trial_email', columns: 'trial_users.trial_id, trial_users.email' };

export function violates(err: unknown, c: UniqueConstraint): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === '23505') return e.constraint === c.index;
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE') return typeof e.message === 'string' && e.message === `UNIQUE constraint failed: ${c.columns}`;
  return false;
}
/** An order has at most one signing link out (status `sent`). */
export const OPEN_SIGNATURE_REQUEST: UniqueConstraint = { index: 'signature_requests_one_open_per_order', columns: 'signature_requests.order_id' };
