/** @module Webhook endpoints, their deliveries, and the server's public signing keys. */
import { createRoute, z } from '@hono/zod-openapi';
import { publicJwks } from '../auth/signing-keys.js';
import { json } from '../contract/common.js';
import { createRouter } from '../http/router.js';

const router = createRouter();

const Jwk = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string(), alg: z.literal('EdDSA'), use: z.literal('sig') }).openapi('Jwk');
router.openapi(
  createRoute({
    method: 'get',
    path: '/.well-known/jwks.json',
    tags: ['Webhooks'],
    summary: 'Public Ed25519 keys: verify v1a webhook signatures and widget session tokens',
    responses: { 200: json(z.object({ keys: z.array(Jwk) }).openapi('Jwks')) },
  }),
  async (c) => {
    c.header('cache-control', 'public, max-age=300');
    return c.json(await publicJwks(c.get('ctx')), 200);
  },
);

export default router;
