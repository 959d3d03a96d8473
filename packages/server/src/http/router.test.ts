/** @module A documented route must name its operation, summarise it and declare its security, or it is refused at registration. */
import { createRoute } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createRouter } from './router.js';

const responses = { 200: { description: 'OK' } };

describe('createRouter', () => {
  it('refuses a documented route without operationId, summary or security, naming what is missing', () => {
    const router = createRouter();
    expect(() => router.openapi(createRoute({ method: 'get', path: '/v1/things', responses }), (c) => c.body(null, 200))).toThrow(
      'GET /v1/things: the route declares no operationId, summary, security',
    );
    expect(() => router.openapi(createRoute({ method: 'post', path: '/v1/things', operationId: 'things.create', summary: 'Create a thing', responses }), (c) => c.body(null, 200))).toThrow(
      'POST /v1/things: the route declares no security',
    );
  });

  it('takes a route that declares all three (public ones with an empty security list), and hidden routes as they are', () => {
    const router = createRouter();
    router.openapi(createRoute({ method: 'get', path: '/v1/things', operationId: 'things.list', summary: 'List things', security: [], responses }), (c) => c.body(null, 200));
    router.openapi(createRoute({ method: 'get', path: '/internal', hide: true, responses }), (c) => c.body(null, 200));
    expect(router.openAPIRegistry.definitions.map((d) => (d.type === 'route' ? d.route.operationId : d.type))).toEqual(['things.list']);
  });
});
