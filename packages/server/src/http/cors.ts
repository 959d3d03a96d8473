/** @module CORS for /v1: only origins some reseller allows for its widget (and our own) get CORS headers; preflights answer 204. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
/** What our SDK and widget send; the SDK names itself in X-ResellerKit-SDK. */
const ALLOW_HEADERS = 'authorization, content-type, idempotency-key, x-request-id, x-resellerkit-sdk';
const EXPOSE_HEADERS = 'x-request-id, retry-after, x-content-sha256';

export function widgetCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    const allowed = origin ? await c.get('ctx').caches.origins.allows(c.get('ctx'), origin) : false;
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
