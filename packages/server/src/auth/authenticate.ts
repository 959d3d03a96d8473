/**
 * @module Resolves the bearer credential: the vendor admin key, a reseller API key, or (added by the widget) a session
 * token. No credential is a plain 401; one that does not verify is counted against the client's address.
 */
import type { MiddlewareHandler } from 'hono';
import { AuthenticationError, CredentialNoLongerValidError } from '../errors.js';
import type { Actor, Ctx } from '../app/context.js';
import type { AppEnv } from '../http/env.js';
import { refuseCredential } from '../http/auth-failures.js';
import { keyByHash, touchKey } from './repo.js';
import { safeEqual, tokenHash } from './secrets.js';

/** Another way to turn a bearer token into an actor (widget sessions register one); null means "not mine". */
export type CredentialResolver = (ctx: Ctx, token: string, req: Request) => Promise<Actor | null>;

const LAST_USED_RESOLUTION_MS = 60_000;

export async function resolveApiKey(ctx: Ctx, token: string): Promise<Actor | null> {
  if (!token.startsWith('rk_')) return null;
  const hash = tokenHash(token);
  const hit = ctx.caches.apiKeys.cached(hash);
  if (hit) return { kind: 'reseller', resellerId: hit.resellerId, credentialId: hit.keyId };
  const key = await keyByHash(ctx.db, hash);
  if (!key || key.revoked_at) return null;
  ctx.caches.apiKeys.remember(hash, key.id, key.reseller_id);
  // last_used_at is kept to the minute (and refreshed only on cache misses): one write per key a minute, not one per request.
  const now = ctx.clock.now();
  if (!key.last_used_at || now.getTime() - Date.parse(key.last_used_at) > LAST_USED_RESOLUTION_MS) {
    await touchKey(ctx.db, key.id, now.toISOString());
  }
  return { kind: 'reseller', resellerId: key.reseller_id, credentialId: key.id };
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? null;
}

export function authenticate(extra: CredentialResolver[] = []): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) throw new AuthenticationError('Send your API key as "Authorization: Bearer <key>".');
    const ctx = c.get('ctx');
    let actor: Actor | null = null;
    const adminKey = ctx.config.RESELLERKIT_ADMIN_KEY;
    if (adminKey && safeEqual(token, adminKey)) actor = { kind: 'admin', credentialId: 'admin' };
    try {
      actor ??= await resolveApiKey(ctx, token);
      for (const resolve of extra) actor ??= await resolve(ctx, token, c.req.raw);
    } catch (err) {
      if (err instanceof AuthenticationError && !(err instanceof CredentialNoLongerValidError)) await refuseCredential(c, err);
      throw err;
    }
    if (!actor) await refuseCredential(c, 'The API key is not valid.');
    c.set('actor', actor!);
    await next();
  };
}
