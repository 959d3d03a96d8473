/** @module Request-level guards: request ids, JSON body limit and content type. */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors.js';
import type { AppEnv } from './env.js';

export const MAX_JSON_BYTES = 1024 * 1024;

export function requestId(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : `req_${randomUUID().replaceAll('-', '')}`;
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  };
}

/** Routes that take files check their own type and size; every other body must be JSON of at most 1 MB. */
export function jsonOnly(uploadPaths: RegExp[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if (method !== 'POST' && method !== 'PUT' && method !== 'PATCH') return next();
    if (uploadPaths.some((re) => re.test(c.req.path))) return next();
    const length = c.req.header('content-length');
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type === 'application/json') {
      if (Number(length) > MAX_JSON_BYTES) throw new PayloadTooLargeError(`JSON bodies may be at most ${MAX_JSON_BYTES} bytes.`);
      if (length === undefined) {
        // Chunked body: count it before any handler parses it (read once, into Hono's body cache).
        const text = await c.req.text();
        if (Buffer.byteLength(text) > MAX_JSON_BYTES) throw new PayloadTooLargeError(`JSON bodies may be at most ${MAX_JSON_BYTES} bytes.`);
      }
      return next();
    }
    // Anything but JSON is refused unless the body is empty (a bare POST to /submit or /approve).
    const empty = length === '0' || c.req.raw.body === null || (length === undefined && (await c.req.raw.clone().arrayBuffer()).byteLength === 0);
    if (!empty) throw new UnsupportedMediaTypeError('Send the body as Content-Type: application/json.');
    await next();
  };
}
