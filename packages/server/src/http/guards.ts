/** @module Request-level guards: request ids and the body's content type. */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { UnsupportedMediaTypeError } from '../errors.js';
import { isEmptyBody, mediaType } from './body.js';
import type { AppEnv } from './env.js';

export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : `req_${randomUUID().replaceAll('-', '')}`;
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  };
}

/**
 * Routes that take files check their own type; every other body must be JSON. Sizes are limited before this, while the
 * body streams (see body.ts): reading here cannot hold more than the limit.
 */
export function jsonOnly(uploadPaths: RegExp[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') return next();
    if (uploadPaths.some((re) => re.test(c.req.path))) return next();
    if (mediaType(c.req.header('content-type')) === 'application/json') {
      // Read once, into Hono's body cache: the NUL guard and the validator parse this text instead of a second stream.
      await c.req.text();
      return next();
    }
    // Anything but JSON is refused unless the body is empty (a bare POST to /submit or /approve).
    if (!(await isEmptyBody(c.req.raw))) throw new UnsupportedMediaTypeError('Send the body as Content-Type: application/json.');
    await next();
  };
}
