/** @module Widget sessions: a reseller's backend (or the vendor, for the review element) mints a short-lived token for one page origin. */
import { createRoute, z } from '@hono/zod-openapi';
import { mintWidgetSession, WIDGET_SESSION_SECONDS } from '../auth/widget-sessions.js';
import { Email, errors, json, jsonBody, security, Text } from '../contract/common.js';
import { createRouter } from '../http/router.js';

const SessionInput = z.object({
  origin: z.string().min(1).max(300).openapi({ example: 'https://pms.example', description: "The page origin the widget runs on; must be one of the reseller's allowedOrigins." }),
  user: z
    .object({ id: Text(200).optional(), email: Email.optional(), name: Text(200).optional() })
    .optional()
    .openapi({ description: 'Your own signed-in user, carried in the token for the audit trail.' }),
});
const WidgetSession = z
  .object({
    token: z.string().openapi({ description: 'EdDSA JWT for `Authorization: Bearer`; only accepted from `origin`.' }),
    expiresAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('WidgetSession');

const router = createRouter();
router.openapi(
  createRoute({
    method: 'post',
    path: '/v1/widget-sessions',
    operationId: 'widgetSessions.create',
    tags: ['Widget'],
    security,
    summary: `Mint a widget session (valid ${WIDGET_SESSION_SECONDS / 60} minutes)`,
    description: 'With a reseller API key: a session for `<resellerkit-portal>`. With the vendor admin key: a session for `<resellerkit-order-review>`.',
    request: { body: jsonBody(SessionInput) },
    responses: { 201: json(WidgetSession, 'Minted'), ...errors },
  }),
  async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await mintWidgetSession(c.get('ctx'), c.get('actor'), c.req.valid('json')), 201);
  },
);

export default router;
