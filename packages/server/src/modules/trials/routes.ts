/** @module Trial accounts and their users. */
import { createRoute, z } from '@hono/zod-openapi';
import { CustomerType, errors, IdParam, json, jsonBody, listOf, PageQuery, security } from '../../contract/common.js';
import { Trial, TrialUser } from '../../contract/resources.js';
import { SearchQuery, StatusList } from '../../contract/search.js';
import { TRIAL_STATUSES } from '../../lifecycle/machines.js';
import { UserInput, UserRoleInput } from '../../contract/users.js';
import { EngagementQuery } from '../../contract/engagement.js';
import { MAX_TRIAL_DAYS, MAX_TRIAL_USERS } from './model.js';
import { addTrialUser, cancelTrial, createTrial, extendTrial, getTrial, listTrials, removeTrialUser, updateTrial, updateTrialUser } from './service.js';
import { createRouter } from '../../http/router.js';
import { examples } from '../../contract/examples.js';

const tags = ['Trials'];
const TrialInput = z.object({
  organizationId: z.string().min(1).max(64),
  customerType: CustomerType,
  users: z.array(UserInput).min(1, 'at least one user is needed').max(MAX_TRIAL_USERS),
  durationDays: z.number().int().min(1).max(MAX_TRIAL_DAYS).optional().openapi({ description: 'Default 30.' }),
}).openapi({ example: examples.trialInput });
const UserParams = IdParam('trial').extend({ userId: z.string().min(1).max(64) });

const router = createRouter();
router.openapi(
  createRoute({ method: 'post', path: '/v1/trials', operationId: 'trials.create', summary: 'Create a trial account', tags, security, request: { body: jsonBody(TrialInput) }, responses: { 201: json(Trial, 'Created; invitations are on their way'), ...errors } }),
  async (c) => c.json(await createTrial(c.get('ctx'), c.get('actor'), c.req.valid('json')), 201),
);
router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/trials',
    operationId: 'trials.list',
    tags,
    security,
    summary: 'Trials, newest first; `expiringWithinDays` keeps those whose trial period ends within that many days',
    request: { query: PageQuery.extend({ status: StatusList(TRIAL_STATUSES).optional(), organizationId: z.string().max(64).optional(), ...SearchQuery.shape, engagement: EngagementQuery.optional() }) },
    responses: { 200: json(listOf(Trial, 'TrialList')), ...errors },
  }),
  async (c) => c.json(await listTrials(c.get('ctx'), c.get('actor'), c.req.valid('query')), 200),
);
router.openapi(
  createRoute({ method: 'get', path: '/v1/trials/{id}', operationId: 'trials.retrieve', summary: 'Retrieve a trial account', tags, security, request: { params: IdParam('trial') }, responses: { 200: json(Trial), ...errors } }),
  async (c) => c.json(await getTrial(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
);
router.openapi(
  createRoute({
    method: 'patch',
    path: '/v1/trials/{id}',
    operationId: 'trials.update',
    tags,
    security,
    summary: 'Correct the customer type of an active trial, until an order for it is submitted',
    request: { params: IdParam('trial'), body: jsonBody(z.object({ customerType: CustomerType })) },
    responses: { 200: json(Trial, 'Updated; `trial.updated` is sent when the type changed'), ...errors },
  }),
  async (c) => c.json(await updateTrial(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 200),
);
router.openapi(
  createRoute({ method: 'post', path: '/v1/trials/{id}/users', operationId: 'trials.users.add', summary: 'Add a user to a trial account', tags, security, request: { params: IdParam('trial'), body: jsonBody(UserInput) }, responses: { 201: json(TrialUser, 'Invited'), ...errors } }),
  async (c) => c.json(await addTrialUser(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 201),
);
router.openapi(
  createRoute({ method: 'patch', path: '/v1/trials/{id}/users/{userId}', operationId: 'trials.users.update', summary: 'Update a trial user', tags, security, request: { params: UserParams, body: jsonBody(UserRoleInput) }, responses: { 200: json(TrialUser), ...errors } }),
  async (c) => {
    const { id, userId } = c.req.valid('param');
    return c.json(await updateTrialUser(c.get('ctx'), c.get('actor'), id, userId, c.req.valid('json')), 200);
  },
);
router.openapi(
  createRoute({ method: 'delete', path: '/v1/trials/{id}/users/{userId}', operationId: 'trials.users.remove', summary: 'Remove a trial user', tags, security, request: { params: UserParams }, responses: { 204: { description: 'Removed; access revoked' }, ...errors } }),
  async (c) => {
    const { id, userId } = c.req.valid('param');
    await removeTrialUser(c.get('ctx'), c.get('actor'), id, userId);
    return c.body(null, 204);
  },
);
router.openapi(
  createRoute({
    method: 'post',
    path: '/v1/trials/{id}/extend',
    operationId: 'trials.extend',
    summary: 'Extend a trial account',
    tags,
    security,
    request: { params: IdParam('trial'), body: jsonBody(z.object({ days: z.number().int().min(1).max(MAX_TRIAL_DAYS) })) },
    responses: { 200: json(Trial), ...errors },
  }),
  async (c) => c.json(await extendTrial(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 200),
);
router.openapi(
  createRoute({ method: 'post', path: '/v1/trials/{id}/cancel', operationId: 'trials.cancel', summary: 'Cancel a trial account', tags, security, request: { params: IdParam('trial') }, responses: { 200: json(Trial), ...errors } }),
  async (c) => c.json(await cancelTrial(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
);

export default router;
