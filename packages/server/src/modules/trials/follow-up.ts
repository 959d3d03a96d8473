/**
 * @module Following trials up (issue 20): resending an invitation, the nudges `trial.inactive` (a week without activity,
 * once per quiet spell) and `trial.engaged` (the first time a trial reaches `high`), the reseller's daily digest of
 * them, and the conversion rate by the level trials closed at. The scheduler runs the `due…`/step pairs; each step is a
 * claim (a guarded update or an insert under a primary key) in its own transaction, so any number of schedulers may
 * run them at once and each nudge and digest goes out once.
 */
import { addDays } from '../../clock.js';
import { ConflictError } from '../../errors.js';
import { inTransaction } from '../../db/transaction.js';
import { resellerScope, type Actor, type Ctx } from '../../app/context.js';
import { recordEvent } from '../../outbox/record.js';
import { queueEmail } from '../../mail/outbox.js';
import { trialDigest, type DigestTrial } from '../../mail/render/index.js';
import { resendInvitation as resendAccountInvitation } from '../accounts/users.js';
import { resellerById } from '../vendor/repo.js';
import { organizationName } from '../organizations/repo.js';
import { ENGAGEMENT_LEVELS, ENGAGEMENT_WINDOW_DAYS, isInactive, quietSince } from './engagement.js';
import type { Trial } from './model.js';
import * as repo from './repo.js';
import * as engagementRepo from './engagement-repo.js';
import { getTrialRow, trialAccount } from './service.js';

const NUDGES = ['trial.inactive', 'trial.engaged'] as const;
/** How far back a digest looks when the reseller has had none yet, or the scheduler was down for days. */
const DIGEST_LOOKBACK_DAYS = 7;

const windowStart = (now: Date) => addDays(now, -ENGAGEMENT_WINDOW_DAYS).toISOString();

export async function resendTrialInvitation(ctx: Ctx, actor: Actor, trialId: string, userId: string) {
  return inTransaction(ctx.db, async (tx) => {
    const trial = await getTrialRow(tx, actor, trialId);
    // Only the trial's own users: a converted trial's users are the customer's.
    if (trial.status !== 'active') throw new ConflictError(`Cannot resend the invitation: the trial is ${trial.status}.`, { code: 'trial_not_open' });
    return resendAccountInvitation(ctx, tx, trialAccount(trial, await organizationName(tx, trial.organization_id)), userId);
  });
}

export function dueInactive(ctx: Ctx, limit: number) {
  return engagementRepo.quietTrials(ctx.db, windowStart(ctx.clock.now()), limit);
}

export function notifyInactive(ctx: Ctx, trial: Awaited<ReturnType<typeof dueInactive>>[number]): Promise<boolean> {
  const now = ctx.clock.now();
  const spell = { lastActivityAt: trial.last_activity_at, startedAt: trial.created_at, now };
  if (!isInactive(spell)) return Promise.resolve(false);
  return inTransaction(ctx.db, async (tx) => {
    if (!(await engagementRepo.claimInactive(tx, trial.id, quietSince(spell).toISOString()))) return false;
    await recordNudge(ctx, tx, 'trial.inactive', trial);
    return true;
  });
}

export function dueEngaged(ctx: Ctx, limit: number) {
  return engagementRepo.newlyHighTrials(ctx.db, windowStart(ctx.clock.now()), limit);
}

export function notifyEngaged(ctx: Ctx, trial: repo.TrialRow): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    if (!(await engagementRepo.claimEngaged(tx, trial.id, ctx.clock.now().toISOString()))) return false;
    await recordNudge(ctx, tx, 'trial.engaged', trial);
    return true;
  });
}

/** The nudge carries the trial as the API shows it, engagement included: webhooks and the digest read it from there. */
async function recordNudge(ctx: Ctx, tx: Parameters<typeof repo.hydrateTrials>[0], type: (typeof NUDGES)[number], trial: repo.TrialRow) {
  const [view] = await repo.hydrateTrials(tx, [trial], ctx.clock.now());
  await recordEvent(tx, ctx.clock.now().toISOString(), { type, resellerId: trial.reseller_id, data: view, trialId: trial.id });
}

/** Resellers with nudges a digest has not covered yet. */
export function dueDigests(ctx: Ctx): Promise<string[]> {
  const now = ctx.clock.now();
  return engagementRepo.resellersWithNudges(ctx.db, NUDGES, addDays(now, -DIGEST_LOOKBACK_DAYS).toISOString(), now.toISOString().slice(0, 10));
}

/**
 * One e-mail per reseller and (UTC) day, listing the trials nudged since its previous digest; the day's claim and the
 * queued mail commit together. False when today's went out already or there is nothing new.
 */
export function sendDigest(ctx: Ctx, resellerId: string): Promise<boolean> {
  return inTransaction(ctx.db, async (tx) => {
    const now = ctx.clock.now();
    const at = now.toISOString();
    const previous = await engagementRepo.lastDigest(tx, resellerId);
    if (previous?.day === at.slice(0, 10)) return false;
    const lookback = addDays(now, -DIGEST_LOOKBACK_DAYS).toISOString();
    const since = previous && previous.sent_at > lookback ? previous.sent_at : lookback;
    const trials = digestTrials(await engagementRepo.nudgesOf(tx, resellerId, NUDGES, since));
    if (trials.length === 0) return false;
    if (!(await engagementRepo.claimDigest(tx, resellerId, at.slice(0, 10), at))) return false;
    const reseller = await resellerById(tx, resellerId);
    const mail = trialDigest(ctx.branding, { now, trials, link: reseller.portal_url ?? undefined });
    await queueEmail(tx, at, reseller.contact_email, mail);
    return true;
  });
}

/** Each trial once per kind of nudge, as its latest nudge showed it. */
function digestTrials(nudges: { type: string; data: string; trial_id: string | null }[]): DigestTrial[] {
  const latest = new Map<string, DigestTrial>();
  for (const n of nudges) {
    const t = JSON.parse(n.data) as Trial;
    const nudge = n.type === 'trial.inactive' ? 'inactive' : 'engaged';
    latest.set(`${nudge}:${t.id}`, { organizationName: t.organizationName, level: t.engagement.level, lastActivityAt: t.engagement.lastActivityAt, endsAt: t.endsAt, nudge });
  }
  return [...latest.values()];
}

/** The reseller's conversion rate by the level its trials closed at (converted vs expired). */
export async function trialStats(ctx: Ctx, actor: Actor) {
  const rows = await engagementRepo.closedByLevel(ctx.db, resellerScope(actor));
  const byLevel = new Map(rows.map((r) => [r.level, r]));
  return {
    levels: ENGAGEMENT_LEVELS.map((level) => {
      const converted = Number(byLevel.get(level)?.converted ?? 0);
      const expired = Number(byLevel.get(level)?.expired ?? 0);
      return { level, converted, expired, conversionRate: converted + expired === 0 ? null : converted / (converted + expired) };
    }),
  };
}
