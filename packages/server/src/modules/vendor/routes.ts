/** @module Vendor endpoints: resellers and their keys, the licence catalogue, order review, customer cancellation; and the catalogue as a reseller sees it. */
import { createRoute, z } from '@hono/zod-openapi';
import { errors, IdParam, json, jsonBody, listOf, MultilineText, PageQuery, security, Text, CustomerType } from '../../contract/common.js';
import { ApiKey, Approval, Customer, Licence, NewApiKey, Order, OrderStatus, Reseller, ResellerLicence } from '../../contract/resources.js';
import { resellerLicences } from './catalogue.js';
import { cancelCustomer } from '../customers/service.js';
import { refundKindSchema } from '../revenue/reversal.js';
import { approveOrder, listOrders, rejectOrder } from '../orders/service.js';
import { requireAdmin } from '../access.js';
import { createApiKey, createLicence, createReseller, getReseller, listApiKeys, listLicences, listResellers, revokeApiKey, updateReseller } from './service.js';
import { createRouter } from '../../http/router.js';
import { ResellerInput } from '../../contract/resellers.js';

const tags = ['Vendor'];

const router = createRouter();
router.use('/v1/admin/*', async (c, next) => {
  requireAdmin(c.get('actor'));
  await next();
});

router.openapi(
  createRoute({ method: 'post', path: '/v1/admin/resellers', operationId: 'admin.resellers.create', summary: 'Create a reseller', tags, security, request: { body: jsonBody(ResellerInput) }, responses: { 201: json(Reseller, 'Created'), ...errors } }),
  async (c) => c.json(await createReseller(c.get('ctx'), c.req.valid('json')), 201),
);
router.openapi(
  createRoute({ method: 'get', path: '/v1/admin/resellers', operationId: 'admin.resellers.list', summary: 'List resellers', tags, security, request: { query: PageQuery }, responses: { 200: json(listOf(Reseller, 'ResellerList')), ...errors } }),
  async (c) => c.json(await listResellers(c.get('ctx'), c.req.valid('query')), 200),
);
router.openapi(
  createRoute({ method: 'get', path: '/v1/admin/resellers/{id}', operationId: 'admin.resellers.retrieve', summary: 'Retrieve a reseller', tags, security, request: { params: IdParam('res') }, responses: { 200: json(Reseller), ...errors } }),
  async (c) => c.json(await getReseller(c.get('ctx'), c.req.valid('param').id), 200),
);
router.openapi(
  createRoute({ method: 'patch', path: '/v1/admin/resellers/{id}', operationId: 'admin.resellers.update', summary: 'Update a reseller', tags, security, request: { params: IdParam('res'), body: jsonBody(ResellerInput.partial()) }, responses: { 200: json(Reseller), ...errors } }),
  async (c) => c.json(await updateReseller(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
);
router.openapi(
  createRoute({
    method: 'post',
    path: '/v1/admin/resellers/{id}/api-keys',
    operationId: 'admin.resellers.createApiKey',
    summary: 'Create an API key for a reseller',
    tags,
    security,
    request: { params: IdParam('res'), body: jsonBody(z.object({ name: Text(100).default('default') })) },
    responses: { 201: json(NewApiKey, 'Created; `key` is shown only now'), ...errors },
  }),
  async (c) => c.json(await createApiKey(c.get('ctx'), c.req.valid('param').id, c.req.valid('json').name), 201),
);
router.openapi(
  createRoute({ method: 'get', path: '/v1/admin/resellers/{id}/api-keys', operationId: 'admin.resellers.listApiKeys', summary: "List a reseller's API keys", tags, security, request: { params: IdParam('res') }, responses: { 200: json(z.object({ data: z.array(ApiKey) })), ...errors } }),
  async (c) => c.json({ data: await listApiKeys(c.get('ctx'), c.req.valid('param').id) }, 200),
);
router.openapi(
  createRoute({
    method: 'delete',
    path: '/v1/admin/resellers/{id}/api-keys/{keyId}',
    operationId: 'admin.resellers.revokeApiKey',
    summary: "Revoke a reseller's API key",
    tags,
    security,
    request: { params: IdParam('res').extend({ keyId: z.string().max(64) }) },
    responses: { 204: { description: 'Revoked' }, ...errors },
  }),
  async (c) => {
    const { id, keyId } = c.req.valid('param');
    await revokeApiKey(c.get('ctx'), id, keyId);
    return c.body(null, 204);
  },
);

const LicenceInput = z.object({
  name: Text(),
  customerType: CustomerType,
  annualPrice: z.object({ amount: z.number().int().min(0).max(1_000_000_000), currency: z.literal('SEK') }),
});
router.openapi(
  createRoute({ method: 'post', path: '/v1/admin/licences', operationId: 'admin.licences.create', summary: 'Create a licence', tags, security, request: { body: jsonBody(LicenceInput) }, responses: { 201: json(Licence, 'Created'), ...errors } }),
  async (c) => c.json(await createLicence(c.get('ctx'), c.req.valid('json')), 201),
);
router.openapi(
  createRoute({ method: 'get', path: '/v1/admin/licences', operationId: 'admin.licences.list', summary: 'List licences', tags, security, request: { query: PageQuery }, responses: { 200: json(listOf(Licence, 'LicenceList')), ...errors } }),
  async (c) => c.json(await listLicences(c.get('ctx'), c.req.valid('query')), 200),
);

router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/admin/orders',
    operationId: 'admin.orders.list',
    summary: 'List orders for review',
    tags,
    security,
    request: { query: PageQuery.extend({ status: OrderStatus.optional() }) },
    responses: { 200: json(listOf(Order, 'OrderList')), ...errors },
  }),
  async (c) => c.json(await listOrders(c.get('ctx'), c.get('actor'), c.req.valid('query')), 200),
);
router.openapi(
  createRoute({ method: 'post', path: '/v1/admin/orders/{id}/approve', operationId: 'admin.orders.approve', summary: 'Approve an order', tags, security, request: { params: IdParam('ord') }, responses: { 200: json(Approval), ...errors } }),
  async (c) => c.json(await approveOrder(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
);
router.openapi(
  createRoute({
    method: 'post',
    path: '/v1/admin/orders/{id}/reject',
    operationId: 'admin.orders.reject',
    summary: 'Reject an order',
    tags,
    security,
    request: { params: IdParam('ord'), body: jsonBody(z.object({ reason: MultilineText(2000).openapi({ description: 'Shown to the reseller and quoted in the e-mail; may span lines.' }) })) },
    responses: { 200: json(Order), ...errors },
  }),
  async (c) => c.json(await rejectOrder(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json').reason), 200),
);
// The body may be left out (as before refunds existed): the cancellation then refunds nothing.
const CancelInput = z.object({ refund: refundKindSchema }).openapi('CustomerCancelInput');
router.openapi(
  createRoute({
    method: 'post',
    path: '/v1/admin/customers/{id}/cancel',
    tags,
    security,
    operationId: 'admin.customers.cancel',
    summary: 'Cancel a customer now; `refund` reverses none, the rest (prorata) or all of its current licence year',
    request: { params: IdParam('cus'), body: { ...jsonBody(CancelInput), required: false } },
    responses: { 200: json(Customer), ...errors },
  }),
  async (c) => c.json(await cancelCustomer(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json') ?? {}), 200),
);

export default router;

/** The licences a reseller can sell: mounted on its own, outside the admin-only paths. */
export const catalogueRoutes = createRouter();
catalogueRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/v1/licences',
    operationId: 'licences.list',
    tags: ['Customers'],
    security,
    summary: 'The licences the caller can sell, with its margin on each',
    responses: { 200: json(z.object({ data: z.array(ResellerLicence) }).openapi('ResellerLicenceList')), ...errors },
  }),
  async (c) => c.json({ data: await resellerLicences(c.get('ctx'), c.get('actor')) }, 200),
);

