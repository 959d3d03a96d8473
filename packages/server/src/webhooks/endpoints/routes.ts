/** @module Webhook endpoints, their deliveries, and the server's public signing keys. */
import { createRoute, z } from '@hono/zod-openapi';
import { publicJwks } from '../../auth/signing-keys.js';
import { errors, IdParam, json, jsonBody, listOf, noCredential, PageQuery, security } from '../../contract/common.js';
import { RecoverInput, WebhookDelivery, WebhookEndpoint, WebhookEndpointInput, WebhookEndpointPatch, WebhookEndpointWithSecret } from '../../contract/webhooks.js';
import { createRouter } from '../../http/router.js';
import { listDeliveries, recoverDeliveries, retryDelivery } from '../delivery/deliveries.js';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, rotateSecret, sendTestEvent, updateEndpoint } from './service.js';

const router = createRouter();
const tags = ['Webhooks'];
const params = IdParam('we');

router.openapi(
  createRoute({
    method: 'post',
    path: '/v1/webhook-endpoints',
    operationId: 'webhookEndpoints.create',
    tags,
    security,
    summary: "Create an endpoint (a reseller key: its own; the admin key: a vendor endpoint that sees every reseller's events)",
    request: { body: jsonBody(WebhookEndpointInput) },
    responses: { 201: json(WebhookEndpointWithSecret, 'Created; the secret is shown only now'), ...errors },
  }),
  async (c) => c.json(await createEndpoint(c.get('ctx'), c.get('actor'), c.req.valid('json')), 201),
);
router.openapi(
  createRoute({ method: 'get', path: '/v1/webhook-endpoints', operationId: 'webhookEndpoints.list', summary: 'List webhook endpoints', tags, security, request: { query: PageQuery }, responses: { 200: json(listOf(WebhookEndpoint, 'WebhookEndpointList')), ...errors } }),
  async (c) => c.json(await listEndpoints(c.get('ctx'), c.get('actor'), c.req.valid('query')), 200),
);
router.openapi(
  createRoute({ method: 'get', path: '/v1/webhook-endpoints/{id}', operationId: 'webhookEndpoints.retrieve', summary: 'Retrieve a webhook endpoint', tags, security, request: { params }, responses: { 200: json(WebhookEndpoint), ...errors } }),
  async (c) => c.json(await getEndpoint(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
);
router.openapi(
  createRoute({
    method: 'patch',
    path: '/v1/webhook-endpoints/{id}',
    operationId: 'webhookEndpoints.update',
    tags,
    security,
    summary: 'Change url, description, event filter; enable or disable',
    request: { params, body: jsonBody(WebhookEndpointPatch) },
    responses: { 200: json(WebhookEndpoint), ...errors },
  }),
  async (c) => c.json(await updateEndpoint(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json')), 200),
);
router.openapi(
  createRoute({ method: 'delete', path: '/v1/webhook-endpoints/{id}', operationId: 'webhookEndpoints.del', summary: 'Delete a webhook endpoint', tags, security, request: { params }, responses: { 204: { description: 'Deleted with its deliveries' }, ...errors } }),
  async (c) => {
    await deleteEndpoint(c.get('ctx'), c.get('actor'), c.req.valid('param').id);
    return c.body(null, 204);
  },
);
router.openapi(
  createRoute({
    method: 'post',
    path: '/v1/webhook-endpoints/{id}/rotate-secret',
    operationId: 'webhookEndpoints.rotateSecret',
    tags,
    security,
    summary: 'New secret; the previous one keeps signing beside it for 24 h',
    request: { params },
    responses: { 200: json(WebhookEndpointWithSecret), ...errors },
  }),
  async (c) => c.json(await rotateSecret(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 200),
);
router.openapi(
  createRoute({
    method: 'post',
    path: '/v1/webhook-endpoints/{id}/test',
    operationId: 'webhookEndpoints.test',
    tags,
    security,
    summary: 'Send a webhook.test event to this endpoint only',
    request: { params },
    responses: { 202: json(WebhookDelivery, 'Queued'), ...errors },
  }),
  async (c) => c.json(await sendTestEvent(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 202),
);
router.openapi(
  createRoute({
    method: 'get',
    path: '/v1/webhook-endpoints/{id}/deliveries',
    operationId: 'webhookEndpoints.deliveries',
    tags,
    security,
    summary: 'Deliveries, newest first, each with its attempt log',
    request: { params, query: PageQuery.extend({ status: z.enum(['pending', 'succeeded', 'failed', 'disabled']).optional() }) },
    responses: { 200: json(listOf(WebhookDelivery, 'WebhookDeliveryList')), ...errors },
  }),
  async (c) => c.json(await listDeliveries(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('query')), 200),
);
router.openapi(
  createRoute({
    method: 'post',
    path: '/v1/webhook-endpoints/{id}/recover',
    operationId: 'webhookEndpoints.recover',
    tags,
    security,
    summary: 'Send again every failed delivery created since a time',
    request: { params, body: jsonBody(RecoverInput) },
    responses: { 202: json(z.object({ recovered: z.number().int() }).openapi('WebhookRecoverResult'), 'Queued again'), ...errors },
  }),
  async (c) => c.json(await recoverDeliveries(c.get('ctx'), c.get('actor'), c.req.valid('param').id, c.req.valid('json').since), 202),
);
router.openapi(
  createRoute({
    method: 'post',
    path: '/v1/webhook-deliveries/{id}/retry',
    operationId: 'webhookDeliveries.retry',
    tags,
    security,
    summary: 'Send one delivery again now, with the same webhook-id',
    request: { params: IdParam('msg') },
    responses: { 202: json(WebhookDelivery, 'Queued again'), ...errors },
  }),
  async (c) => c.json(await retryDelivery(c.get('ctx'), c.get('actor'), c.req.valid('param').id), 202),
);

const Jwk = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string(), alg: z.literal('EdDSA'), use: z.literal('sig') }).openapi('Jwk');
router.openapi(
  createRoute({
    method: 'get',
    path: '/.well-known/jwks.json',
    operationId: 'jwks.retrieve',
    tags: ['Webhooks'],
    security: noCredential,
    summary: 'Public Ed25519 keys: verify v1a webhook signatures and widget session tokens',
    responses: { 200: json(z.object({ keys: z.array(Jwk) }).openapi('Jwks')) },
  }),
  async (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(await publicJwks(c.get('ctx')), 200);
  },
);

export default router;
