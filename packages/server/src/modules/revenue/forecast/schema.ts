/** @module The forecast's query and answer as zod schemas, for the routes and the generated SDK types (contract/). */
import { z } from '@hono/zod-openapi';
import { FORECAST_MONTHS } from './forecast.js';

export const forecastQuerySchema = z.object({
  months: z.coerce
    .number()
    .int()
    .min(FORECAST_MONTHS.min)
    .max(FORECAST_MONTHS.max)
    .default(FORECAST_MONTHS.default)
    .openapi({ example: 12, description: 'How many months ahead, the current one first.' }),
});

const amountsSchema = z.object({
  listPrice: z.number().int().openapi({ description: 'Öre.' }),
  resellerMargin: z.number().int().openapi({ description: 'Öre.' }),
  vendorAmount: z.number().int().openapi({ description: 'Öre.' }),
});

export const forecastSchema = z
  .object({
    currency: z.string().openapi({ example: 'SEK' }),
    months: z.array(
      z.object({
        month: z.string().openapi({ example: '2026-12' }),
        renewals: amountsSchema.openapi({ description: 'Licence years renewing this month, at the current price.' }),
        pipeline: amountsSchema.openapi({ description: 'Open trials ending this month, weighted by the conversion rate.' }),
      }),
    ),
    pipeline: z.object({
      openTrials: z.number().int(),
      conversionRate: z.number().min(0).max(1).openapi({ example: 0.25 }),
      basis: z.enum(['measured', 'default']).openapi({ description: '`default` while there are fewer than 10 closed trials in the last 12 months.' }),
    }),
  })
  .openapi('RevenueForecast');
