/**
 * @module Refuses NUL characters in the URL and in JSON bodies with a 400. No field of ours means anything with a NUL
 * in it, and PostgreSQL text cannot hold one: unguarded, such input would reach the store and fail there as a 500 on
 * PostgreSQL while SQLite stored it. Refused here, both stores answer the same clear 400.
 */
import type { MiddlewareHandler } from 'hono';
import { InvalidRequestError } from '../errors.js';
import type { AppEnv } from './env.js';
import { mediaType } from './body.js';

/** `\u0000` as a JSON escape, not preceded by an odd number of backslashes (which would make it literal text). */
const JSON_NUL = /(?:^|[^\\])(?:\\\\)*\\u0000/i;

export function refuseNul(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = c.req.url;
    const q = url.indexOf('?');
    const [path, query] = q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q)];
    if (/%00|\u0000/i.test(path)) throw nul('path');
    if (/%00|\u0000/i.test(query)) throw nul('query');
    if (mediaType(c.req.header('content-type')) === 'application/json' && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      // Through Hono's body cache: the validator parses the same text later instead of reading a second stream. The body
      // is limited while it streams (body.ts), on an upload path too.
      const text = await c.req.text();
      if (text.includes('\u0000') || JSON_NUL.test(text)) throw nul('body');
    }
    await next();
  };
}

function nul(where: 'path' | 'query' | 'body') {
  return new InvalidRequestError(`The ${where} contains a NUL character (\\u0000), which no field accepts.`, [{ path: [where], message: 'must not contain NUL characters' }]);
}
