/** @module Customer users: redeem an invitation, log in, see who they are. Public routes (no API key). */
import { createRoute, z } from '@hono/zod-openapi';
import { Email, errors, json, jsonBody, noCredential } from '../../contract/common.js';
import { UserSession } from '../../contract/resources.js';
import { acceptInvitation, login } from './service.js';
import { AuthenticationError } from '../../errors.js';
import { refuseCredential, withPasswordAttempt } from '../../http/auth-failures.js';
import { createRouter } from '../../http/router.js';
import { requireUserSession } from '../../http/user-session.js';

const tags = ['Customer users'];
const Password = z.string().min(10, 'must be at least 10 characters').max(200);

const router = createRouter();
router.openapi(
  createRoute({
    method: 'post',
    path: '/v1/invitations/accept',
    operationId: 'invitations.accept',
    summary: 'Accept an invitation',
    tags,
    security: noCredential,
    request: { body: jsonBody(z.object({ token: z.string().min(1).max(200), password: Password })) },
    responses: { 200: json(UserSession, 'Accepted; logged in'), ...errors },
  }),
  async (c) => {
    const { token, password } = c.req.valid('json');
    try {
      return c.json(await acceptInvitation(c.get('ctx'), token, password), 200);
    } catch (err) {
      if (err instanceof AuthenticationError) return refuseCredential(c, err);
      throw err;
    }
  },
);
router.openapi(
  createRoute({ method: 'post', path: '/v1/login', operationId: 'me.login', summary: 'Log in as a customer user', tags, security: noCredential, request: { body: jsonBody(z.object({ email: Email, password: z.string().min(1).max(200) })) }, responses: { 200: json(UserSession), ...errors } }),
  async (c) => {
    const { email, password } = c.req.valid('json');
    return c.json(await withPasswordAttempt(c, email, () => login(c.get('ctx'), email, password)), 200);
  },
);
router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/me',
    operationId: 'me.retrieve',
    summary: 'Retrieve the signed-in customer user',
    tags,
    security: [{ bearer: [] }],
    responses: { 200: json(z.object({ userId: z.string(), email: z.string(), role: z.string(), trialId: z.string(), organizationId: z.string(), status: z.string() }).openapi('Me')), ...errors },
  }),
  async (c) => {
    const s = await requireUserSession(c);
    return c.json({ userId: s.userId, email: s.email, role: s.role, trialId: s.trialId, organizationId: s.organizationId, status: s.status }, 200);
  },
);

export default router;
