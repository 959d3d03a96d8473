/** @module The search and filters the trial and customer lists share (`q`, `status`, `expiringWithinDays`). */
import { z } from '@hono/zod-openapi';
import { LIST_SORTS } from '../modules/search/model.js';
import { ONE_LINE } from './text.js';

export const MAX_EXPIRING_WITHIN_DAYS = 365;

/**
 * `status` as a comma-separated list of the lifecycle's statuses (lifecycle/machines.ts); one status alone is the
 * list of one, as before. An unknown status is a 400 naming it.
 */
export function StatusList(statuses: readonly string[]) {
  return z
    .string()
    .max(200)
    .superRefine((v, ctx) => {
      const unknown = v.split(',').filter((s) => !statuses.includes(s));
      if (unknown.length) ctx.addIssue({ code: 'custom', message: `unknown status ${unknown.map((s) => `"${s}"`).join(', ')}; one of ${statuses.join(', ')}` });
    })
    .openapi({ description: `One or more of ${statuses.join(', ')}, comma-separated.`, example: statuses.slice(0, 2).join(',') });
}

export const SearchQuery = z.object({
  q: z
    .string()
    .max(200)
    .regex(ONE_LINE, 'one line of text')
    .optional()
    .openapi({
      description:
        'Part of the organization name, a user e-mail or an order id; case- and accent-insensitive (`e` finds `é`), but å, ä and ö are letters of their own (`a` does not find `å`).',
      example: 'malmö',
    }),
  expiringWithinDays: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_EXPIRING_WITHIN_DAYS)
    .optional()
    .openapi({ description: 'Trials whose trial period ends, or customers whose licence renews, within this many days from now.' }),
  sort: z
    .enum(LIST_SORTS)
    .optional()
    .openapi({ description: '`newest` first (the default), or by organization `name` in Swedish order (å, ä, ö after z); the cursor works with either.' }),
});
