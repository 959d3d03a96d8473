/**
 * @module One structured access-log line per request. Only what is safe: method, path (never the query string, which
 * can carry an invitation token), status, duration, request id and credential id — never a key, a header or a body.
 */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../logger.js';
import type { AppEnv } from './env.js';

export function accessLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const actor = c.get('actor') as AppEnv['Variables']['actor'] | undefined;
      log.info(
        {
          requestId: c.get('requestId'),
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          ...(actor && { actorKind: actor.kind, credentialId: actor.credentialId }),
        },
        'request',
      );
    }
  };
}
