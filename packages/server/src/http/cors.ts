/** @module CORS for /v1: only origins some reseller allows for its widget (and our own) get CORS headers; preflights answer 204. */
import type { MiddlewareHandler } from 'hono';
import { sql } from 'kysely';
import type { Ctx } from '../app/context.js';
import type { AppEnv } from './env.js';
import { StoreMap } from '../request-scope.js';

const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
/** What our SDK and widget send; the SDK names itself in X-ResellerKit-SDK. */
const ALLOW_HEADERS = 'authorization, content-type, idempotency-key, x-request-id, x-resellerkit-sdk';
const EXPOSE_HEADERS = 'x-request-id, retry-after, x-content-sha256';
/** Answers are cached briefly per origin: a preflight and its request cost one lookup, and a changed allowedOrigins takes effect within this. */
const CACHE_MS = 30_000;
const CACHE_MAX = 1000;
const cache = new StoreMap<Map<string, { at: number; allowed: boolean }>>();

async function lookUp(ctx: Ctx, origin: string): Promise<boolean> {
  if (origin === new URL(ctx.config.PUBLIC_URL).origin) return true;
  // allowed_origins is JSON text: narrow with LIKE on the quoted origin, then confirm by parsing.
  const pattern = `%${JSON.stringify(origin).replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const rows = await ctx.db
    .selectFrom('resellers')
    .select('allowed_origins')
    .where(sql<boolean>`allowed_origins like ${pattern} escape '\\'`)
    .limit(20)
    .execute();
  return rows.some((r) => (JSON.parse(r.allowed_origins) as string[]).includes(origin));
}

export async function isAllowedOrigin(ctx: Ctx, origin: string): Promise<boolean> {
  let perDb = cache.get(ctx.db);
  if (!perDb) cache.set(ctx.db, (perDb = new Map()));
  const hit = perDb.get(origin);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.allowed;
  const allowed = await lookUp(ctx, origin);
  if (perDb.size >= CACHE_MAX) perDb.clear();
  perDb.set(origin, { at: Date.now(), allowed });
  return allowed;
}

export function widgetCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const allowed = origin ? await isAllowedOrigin(c.get('ctx'), origin) : false;
    if (c.req.method === 'OPTIONS' && c.req.header('access-control-request-method')) {
      const headers: Record<string, string> = { vary: 'Origin' };
      if (allowed) {
        Object.assign(headers, {
          'access-control-allow-origin': origin!,
          'access-control-allow-methods': ALLOW_METHODS,
          'access-control-allow-headers': ALLOW_HEADERS,
          'access-control-max-age': '600',
        });
      }
      return c.body(null, 204, headers);
    }
    // Before the handler, not after: a header set on a finished response makes Hono rebuild it from its body stream,
    // which cost every API response a web-stream copy (and its write a detour through a stream reader).
    c.header('vary', 'Origin', { append: true });
    if (allowed) {
      c.header('access-control-allow-origin', origin!);
      c.header('access-control-expose-headers', EXPOSE_HEADERS);
    }
    await next();
  };
}
