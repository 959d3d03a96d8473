/**
 * @module What a customer user does, recorded where it happens (issue 20): accepting the invitation (in the redemption
 * itself), logging in, reading and editing the plan. Kept as last times and an edit count on the user row, so it goes
 * with the user at removal and purge; trials/engagement.ts turns it into a level.
 */
import type { Ctx, Tx } from '../../app/context.js';
import * as repo from './repo.js';

/**
 * Plan reads are the hot path: a user's read is recorded at most once a minute, by a conditional update that only
 * runs when the session's own row says the last activity is older (GET /v1/me/plan within 5 %, docs/benchmarks.md).
 */
export const READ_COALESCE_MS = 60_000;

const tracking = (ctx: Pick<Ctx, 'config'>) => ctx.config.ENGAGEMENT_TRACKING === 'on';

export async function recordLogin(ctx: Ctx, userId: string): Promise<void> {
  if (tracking(ctx)) await repo.touchActivity(ctx.db, userId, ctx.clock.now().toISOString());
}

/** `lastActivityAt` comes with the session (no extra read): most reads of a minute write nothing. */
export async function recordPlanRead(ctx: Ctx, user: { userId: string; lastActivityAt: string | null }): Promise<void> {
  if (!tracking(ctx)) return;
  const now = ctx.clock.now().getTime();
  if (user.lastActivityAt !== null && now - Date.parse(user.lastActivityAt) < READ_COALESCE_MS) return;
  await repo.touchActivity(ctx.db, user.userId, new Date(now).toISOString(), new Date(now - READ_COALESCE_MS).toISOString());
}

/** In the edit's own transaction: the edit and its record commit together. */
export async function recordPlanEdit(ctx: Ctx, tx: Tx, userId: string): Promise<void> {
  if (tracking(ctx)) await repo.recordEdit(tx, userId, ctx.clock.now().toISOString());
}
