/** @module The event feed: every state change, in order, for those who poll instead of receiving webhooks. */
import { createRoute, z } from '@hono/zod-openapi';
import { errors, json, listOf, security } from '../../contract/common.js';
import { Event } from '../../contract/resources.js';
import { listEvents, MAX_EVENTS } from './service.js';
import { EVENT_TYPES } from '../../outbox/record.js';
import { createRouter } from '../../http/router.js';

const router = createRouter();
router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/events',
    operationId: 'events.list',
    summary: 'List events',
    tags: ['Events'],
    security,
    description:
      'Every state change in commit order, oldest first. `nextCursor` is always where to continue (null only while the feed is empty); an empty page means nothing new yet: poll again with the same cursor.',
    request: {
      query: z.object({
        cursor: z.string().max(64).optional().openapi({ description: 'The `nextCursor` of the previous page: continue there.' }),
        after: z.string().max(64).optional().openapi({ description: 'Resume after this event id (instead of `cursor`).' }),
        type: z.enum(EVENT_TYPES).optional(),
        limit: z.coerce.number().int().min(1).max(MAX_EVENTS).optional(),
      }),
    },
    responses: { 200: json(listOf(Event, 'EventList')), ...errors },
  }),
  async (c) => c.json(await listEvents(c.get('ctx'), c.get('actor'), c.req.valid('query')), 200),
);

export default router;
