/** @module Turns any thrown error into the one error shape `{ error: { type, code?, message, issues?, requestId } }`. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { AppError, InvalidRequestError, PayloadTooLargeError, RateLimitedError, type ErrorCode, type Issue } from '../errors.js';

export function errorBody(c: Context, type: string, message: string, issues?: Issue[], code?: ErrorCode) {
  return { error: { type, ...(code ? { code } : {}), message, ...(issues?.length ? { issues } : {}), requestId: (c.get('requestId') as string | undefined) ?? 'unknown' } };
}

/** One issue per bad field: keys an object does not take are each named by their own path. */
export function zodIssues(err: ZodError): Issue[] {
  return err.issues.flatMap((i) => {
    const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (i.code === 'unrecognized_keys') return i.keys.map((key) => ({ path: [...path, key], message: i.message }));
    return [{ path, message: i.message }];
  });
}

/** A 400 that names every bad field: `body.users.0.email: must be an e-mail address`. */
const TARGET_NAMES: Record<string, string> = { json: 'body', param: 'path', query: 'query', header: 'headers' };

export function validationError(err: ZodError, source: string): InvalidRequestError {
  const target = TARGET_NAMES[source] ?? source;
  const issues = zodIssues(err).map((i) => ({ ...i, path: [target, ...(i.path ?? [])] }));
  const summary = issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  return new InvalidRequestError(`Invalid ${target}: ${summary}`, issues);
}

export function toErrorResponse(err: unknown, c: Context, log?: (e: unknown) => void): Response {
  if (err instanceof AppError) {
    if (err instanceof RateLimitedError) c.header('Retry-After', String(err.retryAfterSeconds));
    return c.json(errorBody(c, err.type, err.message, err.issues, err.code), err.status as ContentfulStatusCode);
  }
  if (err instanceof HTTPException) {
    if (err.status === 413) return toErrorResponse(new PayloadTooLargeError('The request body is too large.'), c);
    return c.json(errorBody(c, err.status >= 500 ? 'internal_error' : 'invalid_request', err.message || 'Bad request.'), err.status as ContentfulStatusCode);
  }
  if (err instanceof SyntaxError) return c.json(errorBody(c, 'invalid_request', 'The body is not valid JSON.'), 400);
  log?.(err);
  return c.json(errorBody(c, 'internal_error', 'Something went wrong on our side. Quote the requestId if you contact us.'), 500);
}
