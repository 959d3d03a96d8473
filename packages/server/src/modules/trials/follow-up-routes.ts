/** @module Following trials up: the conversion rate by engagement, and resending an invitation (issue 20). */
import { createRoute, z } from '@hono/zod-openapi';
import { errors, IdParam, json, security } from '../../contract/common.js';
import { TrialStats, TrialUser } from '../../contract/resources.js';
import { resendTrialInvitation, trialStats } from './follow-up.js';
import { createRouter } from '../../http/router.js';

const tags = ['Trials'];
const router = createRouter();
// Mounted before the trials router, so `stats` is never taken for a trial's id.
router.openapi(
  createRoute({
    method: 'get', operationId: 'trials.stats',
    path: '/v1/trials/stats',
    tags,
    security,
    summary: 'Conversion rate by the engagement level trials had when they converted or expired',
    responses: { 200: json(TrialStats), ...errors },
  }),
  async (c) => c.json(await trialStats(c.get('ctx'), c.get('actor')), 200),
);
router.openapi(
  createRoute({
    method: 'post', operationId: 'trials.resendInvitation',
    path: '/v1/trials/{id}/users/{userId}/resend',
    tags,
    security,
    summary: 'Send a never-accepted invitation again with a new link, at most once a day per user',
    request: { params: IdParam('trial').extend({ userId: z.string().min(1).max(64) }) },
    responses: { 200: json(TrialUser, 'Sent; the previous link no longer works'), ...errors },
  }),
  async (c) => {
    const { id, userId } = c.req.valid('param');
    return c.json(await resendTrialInvitation(c.get('ctx'), c.get('actor'), id, userId), 200);
  },
);

export default router;
