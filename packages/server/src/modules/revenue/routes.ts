/** @module The revenue summary: a reseller's own, or (vendor admin) every reseller's or one's. */
import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, security } from '../../contract/common.js';
import { RevenueSummary } from '../../contract/resources.js';
import { createRouter } from '../../http/router.js';
import { revenueSummary } from './service.js';

const router = createRouter();
const DateParam = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be a date: YYYY, YYYY-MM or YYYY-MM-DD')
  .optional();
router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/revenue',
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

export default router;
