/** @module Health and the OpenAPI document generated from the route schemas (the reference page renders it: reference-page.ts). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { json, noCredential } from '../contract/common.js';
import type { AppEnv } from '../http/env.js';
import { createRouter } from '../http/router.js';

export const API_INFO = {
  title: 'resellerkit API',
  version: '1.0.0',
  license: { name: 'Proprietary' },
  description:
    'The reseller back office of the maintenance-planning product: organizations and plans, trial accounts, orders, customers, revenue and signed webhooks. ' +
    'Errors are `{ error: { type, message, issues?, requestId } }`; lists are `{ data, nextCursor }`; every POST honours `Idempotency-Key`.',
};

const router = createRouter();
const Health = z.object({ status: z.enum(['ok', 'unavailable']), store: z.enum(['sqlite', 'postgres']).optional() }).openapi('Health');
router.openapi(
  createRoute({
    method: 'get',
    path: '/healthz',
    operationId: 'health.check',
    summary: 'Check that the service and its store answer',
    description: 'For load balancers and orchestrators: 200 once the store answers a query, 503 while it does not.',
    tags: ['Operations'],
    security: noCredential,
    responses: { 200: json(Health, 'Serving'), 503: json(Health, 'The store does not answer') },
  }),
  async (c) => {
    try {
      await sql`select 1`.execute(c.get('ctx').db);
      return c.json({ status: 'ok' as const, store: c.get('ctx').dialect }, 200);
    } catch {
      return c.json({ status: 'unavailable' as const }, 503);
    }
  },
);

export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document({ openapi: '3.1.0', info: API_INFO, servers: [{ url: '/' }] });
}

export function registerOpenApi(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'The vendor admin key, a reseller API key (rk_…), a widget session token, or a customer user session (/v1/me…).',
  });
  let cached: ReturnType<typeof openApiDocument> | undefined;
  const doc = () => (cached ??= openApiDocument(app));
  app.get('/openapi.json', (c) => c.json(doc()));
}

export default router;
