/** @module Shared pieces of the wire contract: errors, money, pagination, ids. */
import { z } from '@hono/zod-openapi';
import { CUSTOMER_TYPES } from '../modules/vendor/model.js';
import { ERROR_CODES } from '../errors.js';
import { MULTI_LINE, ONE_LINE } from './text.js';

export const ErrorBody = z
  .object({
    error: z.object({
      type: z.string().openapi({ example: 'invalid_request' }),
      code: z.enum(ERROR_CODES).optional().openapi({ description: 'Why a person\'s request was refused, stable across releases (docs/api.md lists them); absent where `type` says enough.' }),
      message: z.string(),
      issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])).optional(), row: z.number().optional(), column: z.string().optional(), message: z.string() })).optional(),
      requestId: z.string(),
    }),
  })
  .openapi('Error');

export const Money = z.object({ amount: z.number().int().openapi({ description: 'Minor units (öre).' }), currency: z.string() }).openapi('Money');

export const CustomerType = z.enum(CUSTOMER_TYPES).openapi('CustomerType');

/**
 * The one definition of a valid e-mail address (zod's "practical" rule, held here so a library upgrade cannot move
 * it): ASCII letters, digits and `_'+-` in dot-separated local parts, a dotted domain, a top-level domain of two or
 * more letters. Its `pattern` reaches clients through openapi.json: the SDK exports it as `isEmail`, which the
 * widget uses, so a browser never accepts what the server refuses (e.g. `åsa@brf.se`).
 */
const EMAIL_PATTERN = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;
export const Email = z.string().max(254).regex(EMAIL_PATTERN, 'must be an e-mail address').openapi('Email', { format: 'email', example: 'anna@brf-solrosen.se' });

/** A Swedish organisation number, `NNNNNN-NNNN` (the dash optional); one definition for every field that takes one, exported by the SDK as `isOrgNumber`. */
export const OrgNumber = z
  .string()
  .trim()
  .regex(/^\d{6}-?\d{4}$/, 'must be a Swedish organisation number such as 769600-1234')
  .openapi('OrgNumber', { example: '769600-1234' });

export { MULTI_LINE, ONE_LINE };

const freeText = (max: number, allowed: RegExp, message: string) => z.string().trim().min(1, 'must not be empty').max(max).regex(allowed, message);

/** Free text on one line: trimmed, non-empty, bounded. */
export const Text = (max = 200) => freeText(max, ONE_LINE, 'must be one line without control characters');

/**
 * Free text that may span lines (a rejection reason, a plan cell as a spreadsheet holds it): trimmed, non-empty,
 * bounded. Where it reaches an e-mail, the template sets it apart as a quotation.
 */
export const MultilineText = (max = 2000) => freeText(max, MULTI_LINE, 'must not contain control characters other than line breaks and tabs');

export const IdParam = (prefix: string) =>
  z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: `${prefix}_01hx...` }) });

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ example: 20 }),
  cursor: z.string().max(64).optional(),
});

export function listOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() }).openapi(name);
}

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });

/** The error responses every authenticated route may give. */
export const errors = {
  400: errorResponse('Invalid input; `issues` names each bad field.'),
  401: errorResponse('Missing or wrong credentials.'),
  403: errorResponse('The credential may not do this.'),
  404: errorResponse('No such resource for this credential.'),
  409: errorResponse('The resource is in a state that does not allow this.'),
  422: errorResponse('Well-formed input the rules refuse.'),
  429: errorResponse('Too many requests; see Retry-After.'),
} as const;

export const json = <T extends z.ZodTypeAny>(schema: T, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
export const jsonBody = <T extends z.ZodTypeAny>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
export const security = [{ bearer: [] as string[] }];
/** An operation that takes no credential (it is its own proof, e.g. an invitation token, or public by nature). */
export const noCredential: typeof security = [];
