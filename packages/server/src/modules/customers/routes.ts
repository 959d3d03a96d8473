/** @module Customers and their users. */
import { createRoute, z } from '@hono/zod-openapi';
import { errors, IdParam, json, jsonBody, listOf, PageQuery, security } from '../../contract/common.js';
import { Customer, TrialUser } from '../../contract/resources.js';
import { SearchQuery, StatusList } from '../../contract/search.js';
import { CUSTOMER_STATUSES } from '../../lifecycle/machines.js';
import { UserInput, UserList, UserRoleInput } from '../../contract/users.js';
import { addCustomerUser, getCustomer, listCustomers, listCustomerUsers, removeCustomerUser, setCancelAtPeriodEnd, updateCustomerUser } from './service.js';
import { createRouter } from '../../http/router.js';

const router = createRouter();
router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/customers',
    operationId: 'customers.list',
    tags: ['Customers'],
    security,
    summary: 'Customers, newest first; `expiringWithinDays` keeps those whose licence renews within that many days',
    request: { query: PageQuery.extend({ status: StatusList(CUSTOMER_STATUSES).optional(), ...SearchQuery.shape }) },
    responses: { 200: json(listOf(Customer, 'CustomerList')), ...errors },
  }),
  async (c) => c.json(await listCustomers(c.get('ctx'), c.get('actor'), c.req.valid('query')), 200),
);
router.openapi(
  createRoute({ method: 'get', path: '/v1/customers/{id}', operationId: 'customers.retrieve', summary: 'Retrieve a customer', tags: ['Customers'], security, request: { params: IdParam('cus') }, responses: { 200: json(Customer), ...errors } }),
  async (c) => c.json(await getCustomer(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
);

// Cancel at the period end: the reseller's own customers only; the mark and its undo are idempotent PUT-like steps.
const periodEnd = { path: '/v1/customers/{id}/cancel-at-period-end' as const, tags: ['Customers'], security, request: { params: IdParam('cus') }, responses: { 200: json(Customer), ...errors } };
router.openapi(
  createRoute({ ...periodEnd, method: 'post', operationId: 'customers.cancelAtPeriodEnd', summary: 'End the licence with its current year: no renewal, `customer.cancelled` at the period end' }),
  async (c) => c.json(await setCancelAtPeriodEnd(c.get('ctx'), c.get('actor'), c.req.valid('param').id, true), 200),
);
router.openapi(
  createRoute({ ...periodEnd, method: 'delete', operationId: 'customers.undoCancelAtPeriodEnd', summary: 'Take back the cancellation at the period end, before the period ends: the licence renews again' }),
  async (c) => c.json(await setCancelAtPeriodEnd(c.get('ctx'), c.get('actor'), c.req.valid('param').id, false), 200),
);

// A customer's users are the trial's users, managed here once the trial is converted; a cancelled customer's are shut out.
const tags = ['Customers'];
const UserParams = IdParam('cus').extend({ userId: z.string().min(1).max(64) });
router.openapi(
  createRoute({ method: 'get', path: '/v1/customers/{id}/users', operationId: 'customers.users.list', summary: "List a customer's users", tags, security, request: { params: IdParam('cus') }, responses: { 200: json(UserList), ...errors } }),
  async (c) => c.json(await listCustomerUsers(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
);
router.openapi(
  createRoute({
    method: 'post',
    path: '/v1/customers/{id}/users',
    operationId: 'customers.users.add',
    summary: 'Add a user to a customer',
    tags,
    security,
    request: { params: IdParam('cus'), body: jsonBody(UserInput) },
    responses: { 201: json(TrialUser, 'Invited'), ...errors },
  }),
  async (c) => c.json(await addCustomerUser(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 201),
);
router.openapi(
  createRoute({ method: 'patch', path: '/v1/customers/{id}/users/{userId}', operationId: 'customers.users.update', summary: 'Update a customer user', tags, security, request: { params: UserParams, body: jsonBody(UserRoleInput) }, responses: { 200: json(TrialUser), ...errors } }),
  async (c) => {
    const { id, userId } = c.req.valid('param');
    return c.json(await updateCustomerUser(c.get('ctx'), c.get('actor'), id, userId, c.req.valid('json')), 200);
  },
);
router.openapi(
  createRoute({ method: 'delete', path: '/v1/customers/{id}/users/{userId}', operationId: 'customers.users.remove', summary: 'Remove a customer user', tags, security, request: { params: UserParams }, responses: { 204: { description: 'Removed; access revoked' }, ...errors } }),
  async (c) => {
    const { id, userId } = c.req.valid('param');
    await removeCustomerUser(c.get('ctx'), c.get('actor'), id, userId);
    return c.body(null, 204);
  },
);

export default router;
