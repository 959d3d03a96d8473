/** @module Typed domain errors; the HTTP layer maps each to a status and the `{ error }` body. */
export type Issue = { path?: (string | number)[]; row?: number; column?: string; message: string };

/**
 * Stable, machine-readable reasons for the refusals a person can cause (like Stripe's `error.code`): clients
 * such as the widget show their own text for each, in their own language, instead of the English `message`.
 * docs/api.md lists them; a code, once published, keeps its meaning.
 */
export const ERROR_CODES = [
  'organization_has_account',
  'user_exists',
  'duplicate_email',
  'too_many_users',
  'trial_too_long',
  'trial_not_open',
  'trial_has_submitted_order',
  'order_in_progress',
  'order_not_editable',
  'unknown_licence',
  'licence_customer_type_mismatch',
  'agreement_not_pdf',
  'agreement_too_large',
  'agreement_missing',
  'changed_meanwhile',
  'invalid_state',
  'period_ended',
  'origin_not_allowed',
  'session_origin_mismatch',
  'session_invalid',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What an error may carry besides its message: the fields at fault and its stable `code`. */
export interface ErrorDetail {
  issues?: Issue[];
  code?: ErrorCode;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  readonly issues?: Issue[];
  readonly code?: ErrorCode;
  /** `detail` is the issues alone, or `{ issues?, code? }`. */
  constructor(message: string, detail?: Issue[] | ErrorDetail) {
    super(message);
    this.name = new.target.name;
    const { issues, code } = Array.isArray(detail) ? { issues: detail, code: undefined } : (detail ?? {});
    if (issues) this.issues = issues;
    if (code) this.code = code;
  }
}

export class InvalidRequestError extends AppError {
  readonly status = 400;
  readonly type = 'invalid_request';
}
export class AuthenticationError extends AppError {
  readonly status = 401;
  readonly type = 'authentication_error';
}
/**
 * A credential we issued that does not hold here any more: a widget session that expired, whose key was revoked, or
 * that is used from another origin. A 401 like any other, but no guess, so it is not counted against the address.
 */
export class CredentialNoLongerValidError extends AuthenticationError {}
export class PermissionDeniedError extends AppError {
  readonly status = 403;
  readonly type = 'permission_denied';
}
export class NotFoundError extends AppError {
  readonly status = 404;
  readonly type = 'not_found';
  constructor(resource: string, id?: string) {
    super(id ? `No ${resource} with id '${id}'.` : `${resource} not found.`);
  }
}
/** A transition the state machine refuses, or a duplicate. */
export class ConflictError extends AppError {
  readonly status = 409;
  readonly type = 'conflict';
}
/** A request with the same Idempotency-Key is still running: the one 409 that is transient, so clients may retry it. */
export class IdempotencyInProgressError extends AppError {
  readonly status = 409;
  readonly type = 'idempotency_in_progress';
}
export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly type = 'payload_too_large';
}
export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly type = 'unsupported_media_type';
}
/** Well-formed input the rules refuse (a non-PDF agreement, a bad import row). */
export class UnprocessableError extends AppError {
  readonly status = 422;
  readonly type = 'unprocessable_entity';
}
export class RateLimitedError extends AppError {
  readonly status = 429;
  readonly type = 'rate_limited';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
/** The service could not answer in time (request timeout) or a dependency is down; safe to retry. */
export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly type = 'service_unavailable';
}
