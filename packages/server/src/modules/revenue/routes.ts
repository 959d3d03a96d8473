/** @module Revenue: the summary, the forecast and the statements; a reseller's own, or (vendor admin) every reseller's or one's. */
import { createRoute, z } from '@hono/zod-openapi';
import { errors, IdParam, json, jsonBody, security } from '../../contract/common.js';
import { RevenueSummary } from '../../contract/resources.js';
import { AdminForecastQuery, AdminStatementQuery, ForecastQuery, RevenueForecast, RevenueStatement, StatementParams, StatementQuery } from '../../contract/revenue.js';
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { requireAdmin, requireReseller } from '../access.js';
import { createRouter } from '../../http/router.js';
import { sieAccountMapSchema, sieAccountsSchema } from './statements/sie.js';
import { accountMap, revenueForecast, revenueStatement, revenueSummary, setAccountMap, type StatementFile } from './service.js';

const router = createRouter();
const DateParam = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date: YYYY, YYYY-MM or YYYY-MM-DD')
  .optional();
router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/revenue',
    operationId: 'revenue.retrieve',
    summary: 'Retrieve the revenue summary',
    tags: ['Revenue'],
    security,
    request: {
      query: z.object({
        from: DateParam.openapi({ description: 'Inclusive start of the licence periods counted.' }),
        to: DateParam.openapi({ description: 'Exclusive end.' }),
        groupBy: z.enum(['month', 'year']).optional(),
        resellerId: z.string().max(64).optional().openapi({ description: 'Vendor admin only: one reseller.' }),
      }),
    },
    responses: { 200: json(RevenueSummary), ...errors },
  }),
  async (c) => c.json(await revenueSummary(c.get('ctx'), c.get('actor'), c.req.valid('query')), 200),
);

const tags = ['Revenue'];
router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/revenue/forecast',
    operationId: 'revenue.forecast',
    tags,
    security,
    summary: 'Renewals and weighted trials ahead, month by month from the current one',
    request: { query: ForecastQuery },
    responses: { 200: json(RevenueForecast), ...errors },
  }),
  async (c) => {
    requireReseller(c.get('actor'));
    return c.json(await revenueForecast(c.get('ctx'), c.get('actor'), c.req.valid('query')), 200);
  },
);
router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/admin/revenue/forecast',
    operationId: 'admin.revenue.forecast',
    tags,
    security,
    summary: "The forecast across every reseller (each trial weighted by its reseller's rate), or one's",
    request: { query: AdminForecastQuery },
    responses: { 200: json(RevenueForecast), ...errors },
  }),
  async (c) => {
    requireAdmin(c.get('actor'));
    return c.json(await revenueForecast(c.get('ctx'), c.get('actor'), c.req.valid('query')), 200);
  },
);

const binary = z.string().openapi({ format: 'binary' });
const statementResponses = {
  200: {
    description: 'The statement: JSON, or with `format=csv` a CSV file, with `format=sie` a SIE 4 file (code page 437), each as an attachment.',
    content: { 'application/json': { schema: RevenueStatement }, 'text/csv': { schema: binary }, 'text/plain': { schema: binary } },
  },
  ...errors,
};

/** JSON as the API speaks it; a file as a download with its name. */
function sendStatement(c: Context<AppEnv>, file: StatementFile) {
  if (file.format === 'json') return c.json(file.statement, 200);
  const body = typeof file.body === 'string' ? file.body : (file.body as Uint8Array<ArrayBuffer>);
  return c.body(body, 200, { 'content-type': file.contentType, 'content-disposition': `attachment; filename="${file.fileName}"` });
}

router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/revenue/statements/{period}',
    operationId: 'revenue.statement',
    tags,
    security,
    summary: 'Every ledger entry of a month or a year with totals, as JSON, CSV or SIE 4',
    request: { params: StatementParams, query: StatementQuery },
    responses: statementResponses,
  }),
  async (c) => {
    requireReseller(c.get('actor'));
    return sendStatement(c, await revenueStatement(c.get('ctx'), c.get('actor'), c.req.valid('param').period, c.req.valid('query')));
  },
);
router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/admin/revenue/statements/{period}',
    operationId: 'admin.revenue.statement',
    tags,
    security,
    summary: "One reseller's statement in the vendor's books, for invoicing it",
    request: { params: StatementParams, query: AdminStatementQuery },
    responses: statementResponses,
  }),
  async (c) => {
    requireAdmin(c.get('actor'));
    return sendStatement(c, await revenueStatement(c.get('ctx'), c.get('actor'), c.req.valid('param').period, c.req.valid('query')));
  },
);

// The SIE account map: the reseller's own (its accountant's chart), and the vendor's view of any reseller's.
const accountingResponses = { 200: json(sieAccountsSchema), ...errors };
const accountingSummary = 'The accounts SIE statements book on: receivables, payables, sales, purchases (BAS 1510, 2440, 3041, 4010 by default)';
router.openapi(createRoute({ method: 'get', operationId: 'revenue.accounting', path: '/v1/revenue/accounting', tags, security, summary: accountingSummary, responses: accountingResponses }), async (c) => {
  requireReseller(c.get('actor'));
  return c.json(await accountMap(c.get('ctx'), c.get('actor')), 200);
});
router.openapi(
  createRoute({ method: 'put', operationId: 'revenue.updateAccounting', path: '/v1/revenue/accounting', tags, security, summary: 'Replace the account map; a role left out keeps its BAS default', request: { body: jsonBody(sieAccountMapSchema) }, responses: accountingResponses }),
  async (c) => {
    requireReseller(c.get('actor'));
    return c.json(await setAccountMap(c.get('ctx'), c.get('actor'), c.req.valid('json')), 200);
  },
);
router.openapi(
  createRoute({ method: 'get', operationId: 'admin.resellers.retrieveAccounting', path: '/v1/admin/resellers/{id}/accounting', tags, security, summary: accountingSummary, request: { params: IdParam('res') }, responses: accountingResponses }),
  async (c) => {
    requireAdmin(c.get('actor'));
    return c.json(await accountMap(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200);
  },
);
router.openapi(
  createRoute({ method: 'put', operationId: 'admin.resellers.updateAccounting', path: '/v1/admin/resellers/{id}/accounting', tags, security, summary: "Replace a reseller's account map", request: { params: IdParam('res'), body: jsonBody(sieAccountMapSchema) }, responses: accountingResponses }),
  async (c) => {
    requireAdmin(c.get('actor'));
    return c.json(await setAccountMap(c.get('ctx'), c.get('actor'), c.req.valid('json'), c.req.valid('param').id), 200);
  },
);

export default router;
