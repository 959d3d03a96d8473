/** @module The SDK's error classes: one base, API errors by status, connection and webhook errors. */
import type { ErrorCode } from './types.js';

/**
 * One problem the server found in a request. Validation issues carry a `path`
 * (`['body', 'users', 0, 'email']`); plan-import issues carry the spreadsheet `row` (header is row 1)
 * and `column`. Kept exactly as the server sent them.
 */
export interface Issue {
  path?: string | (string | number)[];
  row?: number;
  column?: string;
  message: string;
  [key: string]: unknown;
}

/** Base class of every error this SDK throws. */
export class ResellerKitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The server answered with a non-2xx status. */
export class APIError extends ResellerKitError {
  /** HTTP status code. */
  readonly status: number;
  /** Machine-readable error type from the body, e.g. `not_found`. */
  readonly type: string | undefined;
  /** Why the server refused a request a person made, e.g. `user_exists` (docs/api.md lists the codes); stable across releases. */
  readonly code: ErrorCode | undefined;
  /** The request id (body `error.requestId` or `X-Request-Id`); quote it to support. */
  readonly requestId: string | undefined;
  /** Validation or import issues, when the server gave any. */
  readonly issues: Issue[] | undefined;
  /** Response headers. */
  readonly headers: Headers;
  /** The parsed response body (or its text, when it was not JSON). */
  readonly body: unknown;
  /**
   * How long the server asked you to wait before trying again (`retry-after-ms`, or `Retry-After` in seconds or as an
   * HTTP date), in milliseconds; `undefined` when it did not say. A `429` or `503` asking for more than a minute is
   * thrown at once, without retries, so this is when to try the call again.
   */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, body: unknown, headers: Headers, message?: string) {
    const err = errorObject(body);
    super(message ?? (typeof err?.message === 'string' ? err.message : `Request failed with status ${status}`));
    this.status = status;
    this.type = typeof err?.type === 'string' ? err.type : undefined;
    this.code = typeof err?.code === 'string' ? (err.code as ErrorCode) : undefined;
    this.requestId =
      (typeof err?.requestId === 'string' ? err.requestId : undefined) ??
      headers.get('x-request-id') ??
      undefined;
    this.issues = Array.isArray(err?.issues) ? (err.issues as Issue[]) : undefined;
    this.headers = headers;
    this.body = body;
    this.retryAfterMs = retryAfterMs(headers);
  }

  /** Builds the subclass that matches `status`. */
  static generate(status: number, body: unknown, headers: Headers): APIError {
    const Ctor = STATUS_ERRORS[status] ?? (status >= 500 ? InternalServerError : APIError);
    return new Ctor(status, body, headers);
  }
}

export class BadRequestError extends APIError {}
export class AuthenticationError extends APIError {}
export class PermissionDeniedError extends APIError {}
export class NotFoundError extends APIError {}
export class ConflictError extends APIError {}
export class PayloadTooLargeError extends APIError {}
export class UnsupportedMediaTypeError extends APIError {}
export class UnprocessableEntityError extends APIError {}
export class RateLimitError extends APIError {}
export class InternalServerError extends APIError {}

const STATUS_ERRORS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The request never got an answer (DNS, refused connection, reset, ...). */
export class APIConnectionError extends ResellerKitError {
  constructor(message = 'Connection error.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** No answer within the `timeout`. */
export class APIConnectionTimeoutError extends APIConnectionError {
  constructor(message = 'Request timed out.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The caller's own `signal` aborted the request; never retried. */
export class APIUserAbortError extends ResellerKitError {
  constructor(message = 'Request was aborted.', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A webhook's signature, timestamp, headers or body did not pass verification. */
export class WebhookVerificationError extends ResellerKitError {}

/** `retry-after-ms`, then `Retry-After` (seconds or an HTTP date), in milliseconds; `undefined` when absent or unreadable. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (value.trim() !== '' && Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function errorObject(body: unknown): Record<string, unknown> | undefined {
  if (body && typeof body === 'object' && 'error' in body) {
    const err = (body as { error: unknown }).error;
    if (err && typeof err === 'object') return err as Record<string, unknown>;
  }
  return undefined;
}
