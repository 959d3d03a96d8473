/** @module Orders: drafted from a trial, completed with the signed agreement, submitted for the vendor's review. */
import { createRoute, z } from '@hono/zod-openapi';
import { Email, errors, IdParam, json, jsonBody, listOf, OrgNumber, PageQuery, security, Text } from '../../contract/common.js';
import { Order, OrderStatus } from '../../contract/resources.js';
import { attachAgreement, createOrder, getAgreement, getOrder, listOrders, submitOrder, updateOrder } from './service.js';
import { UnsupportedMediaTypeError } from '../../errors.js';
import { mediaType, readLimitedBody } from '../../http/body.js';
import { createRouter } from '../../http/router.js';
import { examples } from '../../contract/examples.js';

const tags = ['Orders'];
const OrderInput = z.object({
  licenceId: z.string().min(1).max(64),
  invoicing: z.object({ name: Text(), orgNumber: OrgNumber, email: Email, reference: Text(100).optional() }),
  signer: z.object({ name: Text(), email: Email }),
}).openapi({ example: examples.orderInput });

const router = createRouter();
router.openapi(
  createRoute({ method: 'post', path: '/v1/trials/{id}/orders', operationId: 'orders.create', summary: 'Create a draft order for a trial', tags, security, request: { params: IdParam('trial'), body: jsonBody(OrderInput) }, responses: { 201: json(Order, 'Draft created'), ...errors } }),
  async (c) => c.json(await createOrder(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 201),
);
router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/orders',
    operationId: 'orders.list',
    tags,
    security,
    summary: "The caller's orders, e.g. to show each trial's order status and a rejection reason",
    request: { query: PageQuery.extend({ status: OrderStatus.optional(), trialId: z.string().max(64).optional() }) },
    responses: { 200: json(listOf(Order, 'OrderList')), ...errors },
  }),
  async (c) => c.json(await listOrders(c.get('ctx'), c.get('actor'), c.req.valid('query')), 200),
);
router.openapi(
  createRoute({ method: 'get', path: '/v1/orders/{id}', operationId: 'orders.retrieve', summary: 'Retrieve an order', tags, security, request: { params: IdParam('ord') }, responses: { 200: json(Order), ...errors } }),
  async (c) => c.json(await getOrder(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
);
router.openapi(
  createRoute({
    method: 'patch',
    path: '/v1/orders/{id}',
    operationId: 'orders.update',
    summary: 'Update a draft order',
    tags,
    security,
    request: { params: IdParam('ord'), body: jsonBody(OrderInput.partial()) },
    responses: { 200: json(Order, 'Corrected (draft or rejected orders only)'), ...errors },
  }),
  async (c) => c.json(await updateOrder(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 200),
);
router.openapi(
  createRoute({
    method: 'put',
    path: '/v1/orders/{id}/agreement',
    operationId: 'orders.attachAgreement',
    summary: 'Attach the signed agreement (PDF)',
    tags,
    security,
    request: {
      params: IdParam('ord'),
      query: z.object({ filename: Text(200).optional().openapi({ description: 'The file name to show with the order, e.g. `avtal-signerat.pdf`.', example: 'avtal-signerat.pdf' }) }),
      body: { required: true, content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
    },
    responses: { 200: json(Order, 'Attached'), 413: errors[422], 415: errors[422], ...errors },
  }),
  async (c) => {
    if (mediaType(c.req.header('content-type')) !== 'application/pdf') throw new UnsupportedMediaTypeError('Send the signed agreement as Content-Type: application/pdf.');
    const bytes = await readLimitedBody(c.req.raw);
    return c.json(await attachAgreement(c.get('ctx'), c.get('actor'), c.req.valid('param').id, bytes, c.req.valid('query').filename ?? null), 200);
  },
);
router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/orders/{id}/agreement',
    operationId: 'orders.retrieveAgreement',
    summary: 'Download the signed agreement',
    tags,
    security,
    request: { params: IdParam('ord') },
    responses: { 200: { description: 'The signed agreement', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errors },
  }),
  async (c) => {
    const { content, sha256 } = await getAgreement(c.get('ctx'), c.get('actor'), c.req.valid('param').id);
    return c.body(content as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/pdf', 'x-content-sha256': sha256, 'content-disposition': 'inline; filename="agreement.pdf"' });
  },
);
router.openapi(
  createRoute({ method: 'post', path: '/v1/orders/{id}/submit', operationId: 'orders.submit', summary: 'Submit an order for review', tags, security, request: { params: IdParam('ord') }, responses: { 200: json(Order, 'Submitted for review'), ...errors } }),
  async (c) => c.json(await submitOrder(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
);

export default router;
