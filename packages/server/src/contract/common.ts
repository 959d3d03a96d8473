/** @module Shared pieces of the wire contract: errors, money, pagination, ids. */
import { z } from '@hono/zod-openapi';
import { CUSTOMER_TYPES } from '../domain/vendor.js';

export const ErrorBody = z
  .object({
    error: z.object({
      type: z.string().openapi({ example: 'invalid_request' }),
      message: z.string(),
      issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])).optional(), row: z.number().optional(), column: z.string().optional(), message: z.string() })).optional(),
      requestId: z.string(),
    }),
  })
  .openapi('Error');

export const Money = z.object({ amount: z.number().int().openapi({ description: 'Minor units (öre).' }), currency: z.string() }).openapi('Money');

export const CustomerType = z.enum(CUSTOMER_TYPES).openapi('CustomerType');

export const Email = z.email({ message: 'must be an e-mail address' }).max(254);

/**
 * One line of text holds no control character: no C0 (tab, CR and LF included), DEL or C1, and no Unicode line or
 * paragraph separator. Names and references end up in e-mail subjects and bodies and in logs, where a line break would
 * add lines of the sender's choosing.
 */
export const ONE_LINE = /^[^\u0000-\u001F\u007F-\u009F\u2028\u2029]*$/;
/** Multi-line text: line breaks (LF, CR) and tabs, and no other C0 control character or DEL. */
export const MULTI_LINE = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

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
