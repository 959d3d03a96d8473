/**
 * @module Retention: what the service keeps and for how long, pruned by the scheduler in small batches. Defaults
 * (docs/operations.md, each configurable, 0 keeps forever): webhook attempts and finished deliveries 30 days
 * (`RETENTION_ATTEMPT_DAYS`), events 90 days unless the ledger, an open order or a delivery still needs them
 * (`RETENTION_EVENT_DAYS`), sent e-mails 30 days (`RETENTION_EMAIL_DAYS`). Idempotency records (24 hours) are pruned by
 * their own module. Each statement deletes at most `RETENTION_BATCH` rows, and a round stops a table after
 * `RETENTION_MAX_BATCHES` statements: a backlog is worked off over several rounds rather than in one long one.
 */
import type { Ctx } from '../app/context.js';
import { DAY_MS } from '../clock.js';
import { LONGEST_WINDOW_MS } from '../limits/limiter.js';
import * as repo from './repo.js';

export interface RetentionReport {
  attempts: number;
  deliveries: number;
  events: number;
  emails: number;
  buckets: number;
}

export async function pruneExpired(ctx: Pick<Ctx, 'db' | 'clock' | 'config'>): Promise<RetentionReport> {
  const { RETENTION_ATTEMPT_DAYS, RETENTION_EVENT_DAYS, RETENTION_EMAIL_DAYS, RETENTION_BATCH: batch, RETENTION_MAX_BATCHES: maxBatches } = ctx.config;
  const now = ctx.clock.now().getTime();
  /** Runs `step` (one statement) until it deletes less than a batch or the round's cap is reached. */
  const drain = async (step: () => Promise<number>) => {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await step();
      total += n;
      if (n < batch) break;
    }
    return total;
  };
  /** Drains `step` with the cutoff `days` back, unless those rows are kept forever (0). */
  const olderThan = (days: number, step: (cutoff: string) => Promise<number>) => (days === 0 ? 0 : drain(() => step(new Date(now - days * DAY_MS).toISOString())));
  // Attempts before deliveries (a delivery's attempts go first), deliveries before events (an event is kept while a
  // delivery of it is).
  return {
    attempts: await olderThan(RETENTION_ATTEMPT_DAYS, (c) => repo.deleteAttempts(ctx.db, c, batch)),
    deliveries: await olderThan(RETENTION_ATTEMPT_DAYS, (c) => repo.deleteFinishedDeliveries(ctx.db, c, batch)),
    events: await olderThan(RETENTION_EVENT_DAYS, (c) => repo.deleteEvents(ctx.db, c, batch)),
    emails: await olderThan(RETENTION_EMAIL_DAYS, (c) => repo.deleteSentEmails(ctx.db, c, batch)),
    // Buckets refill by the wall clock (limits/), so they are judged by it too, not by the scheduler's clock.
    buckets: await drain(() => repo.deleteIdleBuckets(ctx.db, Date.now() - LONGEST_WINDOW_MS, batch)),
  };
}
