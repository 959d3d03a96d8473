/** @module Health and the OpenAPI document generated from the route schemas (the reference page renders it: reference-page.ts). */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { AppEnv } from '../http/env.js';
import { createRouter } from '../http/router.js';

export const API_INFO = {
  title: 'resellerkit API',
  version: '1.0.0',
  description:
    'The reseller back office of the maintenance-planning product: organizations and plans, trial accounts, orders, customers, revenue and signed webhooks. ' +
    'Errors are `{ error: { type, message, issues?, requestId } }`; lists are `{ data, nextCursor }`; every POST honours `Idempotency-Key`.',
};

const router = createRouter();
router.get('/healthz', async (c) => {
  try {
    await sql`select 1`.execute(c.get('ctx').db);
    return c.json({ status: 'ok', store: c.get('ctx').dialect });
  } catch {
    return c.json({ status: 'unavailable' }, 503);
  }
});

export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document({ openapi: '3.1.0', info: API_INFO, servers: [{ url: '/' }] });
}

export function registerOpenApi(app: OpenAPIHono<AppEnv>) {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'The vendor admin key, a reseller API key (rk_…), or a widget session token.',
  });
  let cached: ReturnType<typeof openApiDocument> | undefined;
  const doc = () => (cached ??= openApiDocument(app));
  app.get('/openapi.json', (c) => c.json(doc()));
}

export default router;
