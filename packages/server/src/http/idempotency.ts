/**
 * @module `Idempotency-Key` on POST: the first answer (2xx or 4xx) is kept for 24 hours per credential and key and
 * replayed to a retry of the same request (method, path, query and body); the key on another request is a 422. What
 * a record holds, and why it holds no usable secret: domain/idempotency-records.ts.
 *
 * The request runs in a unit of work (db/unit-of-work.ts): whatever any route writes, and the record of its answer,
 * commit in one transaction once the answer is known, so a process killed at any moment leaves the effect with its
 * record or neither, and a retry gets the original answer or runs for the first time. Two requests under one key may
 * both run, but only one commits: the record's primary key admits one, and the other rolls everything back and
 * replays that one's answer. Requests without the header pass straight through.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';
import { bearerToken } from '../auth/authenticate.js';
import { UnitOfWork } from '../db/unit-of-work.js';
import { openResponse, recordKeys, requestHash, sealResponse, type IdempotencyRecord, type RecordKeys } from '../idempotency/records.js';
import { findRecord, saveRecord } from '../idempotency/repo.js';
import { IdempotencyInProgressError, InvalidRequestError, UnprocessableError } from '../errors.js';
import { readLimitedBody } from './body.js';
import type { AppEnv } from './env.js';

export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (key.length === 0 || key.length > 255) throw new InvalidRequestError('Idempotency-Key must be 1 to 255 characters.', [{ path: ['headers', 'Idempotency-Key'], message: 'length 1..255' }]);
    const ctx = c.get('ctx');
    const keys = recordKeys(bearerToken(c.req.header('authorization')) ?? '', key);
    // JSON was read into Hono's body cache by the guards before; uploads are read (and counted) here from a copy.
    const json = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
    const body = json ? await c.req.text() : await readLimitedBody(c.req.raw.clone());
    const url = new URL(c.req.url);
    const hash = requestHash(keys, { method: c.req.method, path: url.pathname, query: url.search, body });

    const earlier = await findRecord(ctx.db, keys.lookup, ctx.clock.now());
    if (earlier) return replay(c, keys, earlier, hash);

    const unit = new UnitOfWork(ctx.db, ctx.dialect);
    c.set('ctx', { ...ctx, db: unit.db });
    try {
      await next();
      c.set('ctx', ctx);
      await settle(c, unit, keys, hash);
    } catch (e) {
      // Whatever failed, the unit ends here (on SQLite it holds the store's one connection); the first error is the one to tell.
      await unit.rollback().catch(() => {});
      throw e;
    } finally {
      c.set('ctx', ctx);
    }
  };
}

/** Keeps the answer with the request's writes, or lets both go; replays what another request under the key committed. */
async function settle(c: Context<AppEnv>, unit: UnitOfWork, keys: RecordKeys, hash: string): Promise<void> {
  const ctx = c.get('ctx');
  const now = ctx.clock.now();
  if (c.res.status >= 500) {
    // A server error keeps nothing, neither its writes nor its answer: the retry runs the request again. If it
    // failed on what a request under the same key committed meanwhile (a unique index), that one's answer is due.
    await unit.rollback();
    const winner = await findRecord(ctx.db, keys.lookup, now);
    if (winner) c.res = replay(c, keys, winner, hash);
    return;
  }
  const answer = { status: c.res.status, contentType: c.res.headers.get('content-type'), body: await c.res.clone().text() };
  if (await saveRecord(unit.db, keys.lookup, hash, sealResponse(keys, answer), now)) return unit.commit();
  // Another request under this key committed first: this one's writes go, and its answer with them.
  await unit.rollback();
  const winner = await findRecord(ctx.db, keys.lookup, now);
  if (!winner) throw new IdempotencyInProgressError('A request with this Idempotency-Key is still being processed; retry shortly.');
  c.res = replay(c, keys, winner, hash);
}

function replay(c: Context<AppEnv>, keys: RecordKeys, record: IdempotencyRecord, hash: string): Response {
  if (record.request_hash !== hash) {
    throw new UnprocessableError('This Idempotency-Key was used with a different request.', [{ path: ['headers', 'Idempotency-Key'], message: 'reused with another method, path, query or body' }]);
  }
  const answer = openResponse(keys, record.response);
  c.header('Idempotent-Replayed', 'true');
  const headers = { 'content-type': answer.contentType ?? 'application/json' };
  // A bodiless answer (204) must be replayed without a body, not with an empty one.
  return answer.body === '' ? c.body(null, answer.status as StatusCode, headers) : c.body(answer.body, answer.status as ContentfulStatusCode, headers);
}
