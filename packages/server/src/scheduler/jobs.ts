/**
 * @module Time-driven work: runs each module's due steps (expiry warnings, expiry, purge warnings, purge, renewals,
 * cancellations at the period end, renewal notices, pruning past retention) in batches until nothing is due. The rules (what is due, what a step does) live in the modules; every step
 * is a guarded update in its own transaction, so any number of processes may run this at once.
 */
import type { Ctx } from '../app/context.js';
import { pruneIdempotencyRecords } from '../idempotency/repo.js';
import * as customers from '../modules/customers/service.js';
import * as trials from '../modules/trials/service.js';
import { pruneExpired, type RetentionReport } from '../retention/prune.js';
import * as followUp from '../modules/trials/follow-up.js';

const BATCH = 200;

export interface JobReport {
  expiring: number;
  expired: number;
  purgeScheduled: number;
  /** Trials purged: expired ones and cancelled ones. */
  purged: number;
  customersPurged: number;
  renewed: number;
  /** Customers marked to cancel at the period end, cancelled there instead of renewed. */
  cancelledAtPeriodEnd: number;
  renewalNotices: number;
  idempotencyPruned: number;
  /** Rows past their retention, pruned (retention/prune.ts). */
  retention: RetentionReport;
  /** Nudges (trial.inactive, trial.engaged) and the resellers' daily digests of them. */
  inactive: number;
  engaged: number;
  digests: number;
}

export async function runDueJobs(ctx: Ctx): Promise<JobReport> {
  return {
    expiring: await drain(() => trials.dueExpiringNotice(ctx, BATCH), (t) => trials.warnExpiring(ctx, t)),
    expired: await drain(() => trials.dueToExpire(ctx, BATCH), (t) => trials.expireTrial(ctx, t)),
    purgeScheduled: await drain(() => trials.duePurgeWarning(ctx, BATCH), (t) => trials.warnPurge(ctx, t)),
    purged:
      (await drain(() => trials.dueToPurge(ctx, 'expired', BATCH), (t) => trials.purgeTrial(ctx, t))) +
      (await drain(() => trials.dueToPurge(ctx, 'cancelled', BATCH), (t) => trials.purgeTrial(ctx, t))),
    customersPurged: await drain(() => customers.dueToPurge(ctx, BATCH), (c) => customers.purgeCustomer(ctx, c)),
    renewed: await drain(() => customers.dueToRenew(ctx, BATCH), (c) => customers.renewCustomer(ctx, c)),
    cancelledAtPeriodEnd: await drain(() => customers.dueToEnd(ctx, BATCH), (c) => customers.endAtPeriodEnd(ctx, c)),
    // After the renewals, so a customer renewed late is announced for its next year, not the one just renewed.
    renewalNotices: await drain(() => customers.dueRenewalNotice(ctx, BATCH), (c) => customers.announceRenewal(ctx, c)),
    idempotencyPruned: await pruneIdempotencyRecords(ctx),
    inactive: await drain(() => followUp.dueInactive(ctx, BATCH), (t) => followUp.notifyInactive(ctx, t)),
    engaged: await drain(() => followUp.dueEngaged(ctx, BATCH), (t) => followUp.notifyEngaged(ctx, t)),
    // After the nudges, so a digest lists the ones this round sent.
    digests: await drain(() => followUp.dueDigests(ctx), (r) => followUp.sendDigest(ctx, r)),
    retention: await pruneExpired(ctx),
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

/** Runs the jobs on an interval inside `serve`; a failed round is logged and retried on the next tick. */
export function startScheduler(ctx: Ctx, intervalMs: number, onError: (e: unknown) => void): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const { retention } = await runDueJobs(ctx);
      // What retention removed, when it removed anything: the operator's record of where old rows went.
      if (Object.values(retention).some((n) => n > 0)) ctx.logger.info({ retention }, 'pruned rows past their retention');
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
