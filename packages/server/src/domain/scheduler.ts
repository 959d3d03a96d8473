/**
 * @module Time-driven transitions: expiry warnings, expiry, purge warnings, purge and renewals. Every step is a guarded
 * update in its own transaction, so any number of processes may run it at once; it reads time only from the clock.
 */
import { addDays, addMonths } from '../clock.js';
import { hydrateTrials } from '../db/trial-reads.js';
import { queueEmail } from '../mail/outbox.js';
import { trialExpiring } from '../mail/templates.js';
import type { Ctx } from './context.js';
import { renewCustomer } from './customers.js';
import { recordEvent } from './outbox.js';
import { revokeSessions } from './trials.js';

export const EXPIRING_NOTICE_DAYS = 3;
export const PURGE_AFTER_MONTHS = 6;
export const PURGE_WARNING_DAYS = 14;
const BATCH = 200;

export interface JobReport {
  expiring: number;
  expired: number;
  purgeScheduled: number;
  purged: number;
  renewed: number;
}

export async function runDueJobs(ctx: Ctx): Promise<JobReport> {
  return {
    expiring: await warnExpiring(ctx),
    expired: await expireTrials(ctx),
    purgeScheduled: await warnPurge(ctx),
    purged: await purgeTrials(ctx),
    renewed: await renewCustomers(ctx),
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
        await recordEvent(tx, at, { type: 'trial.expiring', resellerId: trial.reseller_id, data: view });
        const reseller = await tx.selectFrom('resellers').select('contact_email').where('id', '=', trial.reseller_id).executeTakeFirstOrThrow();
        const mail = trialExpiring({ organizationName: view!.organizationName, endsAt: trial.ends_at });
        for (const to of new Set([reseller.contact_email, ...view!.users.map((u) => u.email)])) await queueEmail(tx, at, to, mail);
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
        const res = await tx.updateTable('trials').set({ status: 'expired', expired_at: at }).where('id', '=', trial.id).where('status', '=', 'active').executeTakeFirst();
        if (!res.numUpdatedRows) return false;
        await revokeSessions(tx, trial.id);
        const [view] = await hydrateTrials(tx, [{ ...trial, status: 'expired', expired_at: at }]);
        await recordEvent(tx, at, { type: 'trial.expired', resellerId: trial.reseller_id, data: view });
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
        await recordEvent(tx, at, { type: 'trial.purge_scheduled', resellerId: trial.reseller_id, data: { trialId: trial.id, organizationId: trial.organization_id, purgeAt } });
        return true;
      }),
  );
}

/** Six months after expiry the customer's accounts are deleted; the trial row stays as a tombstone for the reseller's history. */
function purgeTrials(ctx: Ctx) {
  const cutoff = addMonths(ctx.clock.now(), -PURGE_AFTER_MONTHS).toISOString();
  return drain(
    () => ctx.db.selectFrom('trials').selectAll().where('status', '=', 'expired').where('expired_at', '<=', cutoff).limit(BATCH).execute(),
    (trial) =>
      ctx.db.transaction().execute(async (tx) => {
        const at = ctx.clock.now().toISOString();
        const res = await tx.updateTable('trials').set({ status: 'purged', purged_at: at }).where('id', '=', trial.id).where('status', '=', 'expired').executeTakeFirst();
        if (!res.numUpdatedRows) return false;
        await revokeSessions(tx, trial.id);
        await tx.deleteFrom('trial_users').where('trial_id', '=', trial.id).execute();
        await recordEvent(tx, at, { type: 'trial.purged', resellerId: trial.reseller_id, data: { trialId: trial.id, organizationId: trial.organization_id, purgedAt: at } });
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
