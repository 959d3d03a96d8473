/**
 * @module `Idempotency-Key` on POST: the first request's response is stored per credential and key; a retry with the same
 * body gets it again, a different body under the same key is a 422, and a retry while the first still runs is a 409.
 */
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConflictError, InvalidRequestError, UnprocessableError } from '../errors.js';
import { readLimitedBody } from './body.js';
import type { AppEnv } from './env.js';

/** The largest body any route takes (uploads); reading for the hash stops there, the route then answers 413. */
const MAX_HASHED_BYTES = 10 * 1024 * 1024;

export const IDEMPOTENCY_TTL_HOURS = 24;

export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (key.length === 0 || key.length > 255) throw new InvalidRequestError('Idempotency-Key must be 1 to 255 characters.', [{ path: ['headers', 'Idempotency-Key'], message: 'length 1..255' }]);
    const { db, clock } = c.get('ctx');
    const credentialId = c.get('actor').credentialId;
    // JSON was read into Hono's body cache by the guards before; uploads are read (and counted) here from a copy.
    const json = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase() === 'application/json';
    const body = json ? await c.req.text() : await readLimitedBody(c.req.raw.clone(), MAX_HASHED_BYTES);
    const hash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n`).update(body).digest('hex');
    const now = clock.now();
    const staleBefore = new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3_600_000).toISOString();

    const existing = await db.selectFrom('idempotency_keys').selectAll().where('credential_id', '=', credentialId).where('key', '=', key).executeTakeFirst();
    if (existing && existing.created_at >= staleBefore) {
      if (existing.request_hash !== hash) throw new UnprocessableError('This Idempotency-Key was used with a different request.', [{ path: ['headers', 'Idempotency-Key'], message: 'reused with another body' }]);
      if (existing.status_code === null) throw new ConflictError('A request with this Idempotency-Key is still being processed.');
      c.header('Idempotent-Replayed', 'true');
      return c.body(existing.response_body ?? '', existing.status_code as ContentfulStatusCode, { 'content-type': 'application/json' });
    }
    if (existing) await db.deleteFrom('idempotency_keys').where('credential_id', '=', credentialId).where('key', '=', key).execute();
    try {
      await db.insertInto('idempotency_keys').values({ credential_id: credentialId, key, request_hash: hash, status_code: null, response_body: null, created_at: now.toISOString() }).execute();
    } catch {
      throw new ConflictError('A request with this Idempotency-Key is still being processed.');
    }
    let stored = false;
    try {
      await next();
      // Server errors are not stored: the client should be able to retry them.
      if (c.res.status < 500) {
        const text = await c.res.clone().text();
        await db.updateTable('idempotency_keys').set({ status_code: c.res.status, response_body: text }).where('credential_id', '=', credentialId).where('key', '=', key).execute();
        stored = true;
      }
    } finally {
      if (!stored) await db.deleteFrom('idempotency_keys').where('credential_id', '=', credentialId).where('key', '=', key).execute();
    }
  };
}
