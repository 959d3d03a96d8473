/** @module Revenue ahead and in the books: the forecast's and the statement's queries and answers (docs/revenue-statements.md). */
import { z } from '@hono/zod-openapi';
import { FORECAST_MONTHS, STATEMENT_FORMATS, STATEMENT_PERIOD } from '../modules/revenue/model.js';

const ResellerId = z.string().max(64);

export const ForecastQuery = z.object({
  months: z.coerce
    .number()
    .int()
    .min(FORECAST_MONTHS.min)
    .max(FORECAST_MONTHS.max)
    .default(FORECAST_MONTHS.default)
    .openapi({ example: 12, description: 'How many months ahead, the current one first.' }),
});
export const AdminForecastQuery = ForecastQuery.extend({ resellerId: ResellerId.optional().openapi({ description: 'Only this reseller; every reseller when left out.' }) });

const Amounts = z.object({
  listPrice: z.number().int().openapi({ description: 'Öre.' }),
  resellerMargin: z.number().int().openapi({ description: 'Öre.' }),
  vendorAmount: z.number().int().openapi({ description: 'Öre.' }),
});

export const RevenueForecast = z
  .object({
    currency: z.string().openapi({ example: 'SEK' }),
    months: z.array(
      z.object({
        month: z.string().openapi({ example: '2026-12' }),
        renewals: Amounts.openapi({ description: 'Licence years renewing this month, at the current price.' }),
        pipeline: Amounts.openapi({ description: 'Open trials ending this month, weighted by the conversion rate.' }),
      }),
    ),
    pipeline: z.object({
      openTrials: z.number().int(),
      conversionRate: z.number().min(0).max(1).openapi({ example: 0.25 }),
      basis: z.enum(['measured', 'default']).openapi({ description: '`default` while there are fewer than 10 closed trials in the last 12 months.' }),
    }),
  })
  .openapi('RevenueForecast');

export const StatementParams = z.object({
  period: z
    .string()
    .regex(STATEMENT_PERIOD, 'must be a month (YYYY-MM) or a year (YYYY)')
    .openapi({ param: { name: 'period', in: 'path' }, example: '2026-11', description: 'A calendar month (YYYY-MM) or year (YYYY), in UTC.' }),
});

const Format = z.enum(STATEMENT_FORMATS).default('json').openapi({ description: '`csv` for a spreadsheet (UTF-8 with BOM, `;`, decimal comma), `sie` for an accounting program (SIE 4, code page 437).' });
export const StatementQuery = z.object({ format: Format });
export const AdminStatementQuery = StatementQuery.extend({ resellerId: ResellerId.openapi({ description: 'The reseller whose statement it is.' }) });

export const RevenueStatement = z
  .object({
    period: z.string().openapi({ example: '2026-11' }),
    from: z.string().openapi({ description: 'Inclusive, ISO-8601 UTC.' }),
    to: z.string().openapi({ description: 'Exclusive, ISO-8601 UTC.' }),
    currency: z.string().openapi({ example: 'SEK' }),
    reseller: z.object({ id: z.string(), name: z.string(), orgNumber: z.string() }),
    rows: z.array(
      Amounts.extend({
        entryId: z.string(),
        date: z.string().openapi({ example: '2026-11-01', description: 'YYYY-MM-DD (UTC) of the entry.' }),
        kind: z.enum(['sale', 'reversal']),
        customerId: z.string(),
        customerName: z.string(),
        licenceId: z.string(),
        licenceName: z.string(),
        licenceYear: z.number().int(),
      }),
    ),
    totals: Amounts,
  })
  .openapi('RevenueStatement');
