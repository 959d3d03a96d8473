/**
 * @module Time-driven transitions: expiry warnings, expiry, purge warnings, purge and renewals. Every step is a guarded
 * update in its own transaction, so any number of processes may run it at once; it reads time only from the clock.
 */
import { addDays, addMonths } from '../clock.js';
import { hydrateTrials } from '../modules/trials/repo.js';
import { queueEmail } from '../mail/outbox.js';
import { trialExpiring } from '../mail/templates.js';
import type { Ctx } from '../app/context.js';
import { revokeSessions } from '../modules/accounts/users.js';
import { renewCustomer } from '../modules/customers/service.js';
import { pruneIdempotencyRecords } from '../idempotency/records.js';
import { recordEvent } from '../outbox/record.js';
import { erasePersonalData } from '../modules/purge/service.js';
import { moveTrial } from '../modules/trials/service.js';

export const EXPIRING_NOTICE_DAYS = 3;
/** An expired trial's data is kept this long, so the customer can still order, then purged. */
export const PURGE_AFTER_MONTHS = 6;
export const PURGE_WARNING_DAYS = 14;
/**
 * A cancelled trial can never be used or ordered again: its personal data goes after this grace period (time for the
 * reseller to look back at it), without a warning, since there is nothing the customer could do about it.
 */
export const CANCELLED_PURGE_DAYS = 30;
/** A cancelled customer's personal data is kept as long as an expired trial's, then purged; the accounts stay. */
export const CANCELLED_CUSTOMER_PURGE_MONTHS = PURGE_AFTER_MONTHS;
const BATCH = 200;

export interface JobReport {
  expiring: number;
  expired: number;
  purgeScheduled: number;
  /** Trials purged: expired ones and cancelled ones. */
  purged: number;
  customersPurged: number;
  renewed: number;
  idempotencyPruned: number;
}

export async function runDueJobs(ctx: Ctx): Promise<JobReport> {
  return {
    expiring: await warnExpiring(ctx),
    expired: await expireTrials(ctx),
    purgeScheduled: await warnPurge(ctx),
    purged: (await purgeTrials(ctx, 'expired')) + (await purgeTrials(ctx, 'cancelled')),
    customersPurged: await purgeCancelledCustomers(ctx),
    renewed: await renewCustomers(ctx),
    idempotencyPruned: await pruneIdempotencyRecords(ctx),
  };
}

/** Runs `step` on batches of due rows until none are left. */
async function drain<T>(load: () => Promise<T[]>, step: (row: T) => Promise<boolean>): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await load();
    let progressed = 0;
    for (const r of rows) if (await step(r)) progressed++;
    done += progressed;
    // Go again while anything moved: a renewed customer may still be due (years missed while no scheduler ran).
    if (rows.length === 0 || progressed === 0) return done;
  }
}

function warnExpiring(ctx: Ctx) {
  const horizon = addDays(ctx.clock.now(), EXPIRING_NOTICE_DAYS).toISOString();
  return drain(
    () => ctx.db.selectFrom('trials').selectAll().where('status', '=', 'active').where('expiring_notified_at', 'is', null).where('ends_at', '<=', horizon).limit(BATCH).execute(),
    (trial) =>
      ctx.db.transaction().execute(async (tx) => {
        const at = ctx.clock.now().toISOString();
        const res = await tx.updateTable('trials').set({ expiring_notified_at: at }).where('id', '=', trial.id).where('expiring_notified_at', 'is', null).where('status', '=', 'active').executeTakeFirst();
        if (!res.numUpdatedRows) return false;
        const [view] = await hydrateTrials(tx, [trial]);
        await recordEvent(tx, at, { type: 'trial.expiring', resellerId: trial.reseller_id, data: view, trialId: trial.id });
        const reseller = await tx.selectFrom('resellers').select('contact_email').where('id', '=', trial.reseller_id).executeTakeFirstOrThrow();
        const mail = trialExpiring({ organizationName: view!.organizationName, endsAt: trial.ends_at });
        for (const to of new Set([reseller.contact_email, ...view!.users.map((u) => u.email)])) await queueEmail(tx, at, to, mail, trial.id);
        return true;
      }),
  );
}

function expireTrials(ctx: Ctx) {
  const now = ctx.clock.now().toISOString();
  return drain(
    () => ctx.db.selectFrom('trials').selectAll().where('status', '=', 'active').where('ends_at', '<=', now).limit(BATCH).execute(),
    (trial) =>
      ctx.db.transaction().execute(async (tx) => {
        const at = ctx.clock.now().toISOString();
        const expired = await moveTrial(tx, trial, 'expired', { expired_at: at });
        if (!expired) return false;
        await revokeSessions(tx, trial.id);
        const [view] = await hydrateTrials(tx, [expired]);
        await recordEvent(tx, at, { type: 'trial.expired', resellerId: trial.reseller_id, data: view, trialId: trial.id });
        return true;
      }),
  );
}

function warnPurge(ctx: Ctx) {
  const cutoff = addMonths(addDays(ctx.clock.now(), PURGE_WARNING_DAYS), -PURGE_AFTER_MONTHS).toISOString();
  return drain(
    () => ctx.db.selectFrom('trials').selectAll().where('status', '=', 'expired').where('purge_warned_at', 'is', null).where('expired_at', '<=', cutoff).limit(BATCH).execute(),
    (trial) =>
      ctx.db.transaction().execute(async (tx) => {
        const at = ctx.clock.now().toISOString();
        const res = await tx.updateTable('trials').set({ purge_warned_at: at }).where('id', '=', trial.id).where('purge_warned_at', 'is', null).where('status', '=', 'expired').executeTakeFirst();
        if (!res.numUpdatedRows) return false;
        const purgeAt = addMonths(new Date(trial.expired_at!), PURGE_AFTER_MONTHS).toISOString();
        await recordEvent(tx, at, { type: 'trial.purge_scheduled', resellerId: trial.reseller_id, data: { trialId: trial.id, organizationId: trial.organization_id, purgeAt }, trialId: trial.id });
        return true;
      }),
  );
}

/**
 * Six months after expiry, or 30 days after cancellation, the account's personal data is erased (purge.ts); the trial
 * row stays as a tombstone for the reseller's history.
 */
function purgeTrials(ctx: Ctx, from: 'expired' | 'cancelled') {
  const now = ctx.clock.now();
  const stamp = from === 'expired' ? 'expired_at' : 'cancelled_at';
  const cutoff = (from === 'expired' ? addMonths(now, -PURGE_AFTER_MONTHS) : addDays(now, -CANCELLED_PURGE_DAYS)).toISOString();
  return drain(
    () => ctx.db.selectFrom('trials').selectAll().where('status', '=', from).where(stamp, '<=', cutoff).limit(BATCH).execute(),
    (trial) =>
      ctx.db.transaction().execute(async (tx) => {
        const at = ctx.clock.now().toISOString();
        if (!(await moveTrial(tx, trial, 'purged', { purged_at: at }))) return false;
        await erasePersonalData(tx, trial.id, { keepAgreements: false });
        await recordEvent(tx, at, { type: 'trial.purged', resellerId: trial.reseller_id, data: { trialId: trial.id, organizationId: trial.organization_id, purgedAt: at }, trialId: trial.id });
        return true;
      }),
  );
}

/** A cancelled customer's users and their traces go like a purged trial's; the customer, its order and ledger stay. */
function purgeCancelledCustomers(ctx: Ctx) {
  const cutoff = addMonths(ctx.clock.now(), -CANCELLED_CUSTOMER_PURGE_MONTHS).toISOString();
  return drain(
    () => ctx.db.selectFrom('customers').selectAll().where('status', '=', 'cancelled').where('purged_at', 'is', null).where('cancelled_at', '<=', cutoff).limit(BATCH).execute(),
    (customer) =>
      ctx.db.transaction().execute(async (tx) => {
        const at = ctx.clock.now().toISOString();
        const res = await tx.updateTable('customers').set({ purged_at: at }).where('id', '=', customer.id).where('status', '=', 'cancelled').where('purged_at', 'is', null).executeTakeFirst();
        if (!res.numUpdatedRows) return false;
        await erasePersonalData(tx, customer.trial_id, { keepAgreements: true });
        await recordEvent(tx, at, {
          type: 'customer.purged',
          resellerId: customer.reseller_id,
          data: { customerId: customer.id, trialId: customer.trial_id, organizationId: customer.organization_id, purgedAt: at },
          trialId: customer.trial_id,
        });
        return true;
      }),
  );
}

function renewCustomers(ctx: Ctx) {
  const now = ctx.clock.now().toISOString();
  return drain(
    () => ctx.db.selectFrom('customers').selectAll().where('status', '=', 'active').where('renews_at', '<=', now).orderBy('renews_at').limit(BATCH).execute(),
    (row) => renewCustomer(ctx, row),
  );
}

/** Runs the jobs on an interval inside `serve`; a failed round is logged and retried on the next tick. */
export function startScheduler(ctx: Ctx, intervalMs: number, onError: (e: unknown) => void): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runDueJobs(ctx);
    } catch (e) {
      onError(e);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
