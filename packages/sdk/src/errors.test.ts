import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiError, BASE, client, server, useServer } from '../test/helpers.js';
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  ResellerKitError,
  UnprocessableEntityError,
  UnsupportedMediaTypeError,
} from './errors.js';

useServer();

async function failWith(response: Response): Promise<unknown> {
  server.use(http.get(`${BASE}/v1/customers/:id`, () => response));
  return client({ maxRetries: 0 }).customers.retrieve('cus_1').catch((e: unknown) => e);
}

describe('API errors', () => {
  it.each([
    [400, 'invalid_request', BadRequestError],
    [401, 'authentication_error', AuthenticationError],
    [403, 'permission_denied', PermissionDeniedError],
    [404, 'not_found', NotFoundError],
    [409, 'conflict', ConflictError],
    [413, 'payload_too_large', PayloadTooLargeError],
    [415, 'unsupported_media_type', UnsupportedMediaTypeError],
    [422, 'unprocessable_entity', UnprocessableEntityError],
    [429, 'rate_limited', RateLimitError],
    [500, 'internal_error', InternalServerError],
    [503, 'unavailable', InternalServerError],
  ])('maps %i to its class with status, type, message and requestId', async (status, type, Ctor) => {
    const err = await failWith(apiError(status, type, `boom ${status}`));
    expect(err).toBeInstanceOf(Ctor);
    expect(err).toBeInstanceOf(APIError);
    expect(err).toBeInstanceOf(ResellerKitError);
    expect(err).toBeInstanceOf(Error);
    const e = err as APIError;
    expect(e.status).toBe(status);
    expect(e.type).toBe(type);
    expect(e.message).toBe(`boom ${status}`);
    expect(e.requestId).toBe(`req_${status}`);
    expect(e.name).toBe(Ctor.name);
    expect(e.headers.get('content-type')).toContain('application/json');
  });

  it('keeps validation issues with their paths as given', async () => {
    const issues = [
      { path: ['users', 0, 'email'], message: 'Invalid email' },
      { path: 'customerType', message: 'Required' },
    ];
    const err = (await failWith(apiError(400, 'invalid_request', 'Invalid body', { issues }))) as BadRequestError;
    expect(err.issues).toEqual(issues);
  });

  it('keeps plan-import issues with row and column', async () => {
    const issues = [
      { row: 3, column: 'År', message: 'Not a year' },
      { row: 7, column: 'Styckpris', message: 'Not a number' },
    ];
    const err = (await failWith(apiError(422, 'unprocessable_entity', 'Import refused', { issues }))) as UnprocessableEntityError;
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect(err.issues).toEqual(issues);
  });

  it('falls back to the X-Request-Id header and a generic message', async () => {
    const err = (await failWith(
      new HttpResponse('<html>bad gateway</html>', { status: 502, headers: { 'X-Request-Id': 'req_hdr', 'content-type': 'text/html' } }),
    )) as APIError;
    expect(err).toBeInstanceOf(InternalServerError);
    expect(err.requestId).toBe('req_hdr');
    expect(err.type).toBeUndefined();
    expect(err.issues).toBeUndefined();
    expect(err.message).toBe('Request failed with status 502');
    expect(err.body).toBe('<html>bad gateway</html>');
  });

  it('uses plain APIError for statuses without a class', async () => {
    const err = (await failWith(apiError(418, 'teapot', 'short and stout'))) as APIError;
    expect(err.constructor).toBe(APIError);
    expect(err.status).toBe(418);
  });
});
