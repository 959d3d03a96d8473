/**
 * @module Every router validates with zod and answers invalid input with our error shape, never the library's; every
 * route's JSON body and query string are strict (see strict.ts), so an unknown field or parameter is a 400 naming it.
 */
import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { AppEnv } from './env.js';
import { validationError } from './errors.js';
import { NO_QUERY, refuseBodyFields, strictSchema } from './strict.js';

/** The route as it validates: strict twins of its query and JSON body schemas, and no body where it declares none. */
function strictRoute(route: RouteConfig): RouteConfig {
  const request = route.request ?? {};
  const content = request.body?.content;
  const json = content?.['application/json'] as { schema?: unknown } | undefined;
  const body = request.body && json?.schema ? { ...request.body, content: { ...content, 'application/json': { ...json, schema: strictSchema(json.schema as never) } } } : request.body;
  const middleware = route.middleware === undefined ? [] : Array.isArray(route.middleware) ? route.middleware : [route.middleware];
  return {
    ...route,
    hide: true,
    request: {
      ...request,
      query: strictSchema(request.query ?? NO_QUERY, 'parameter') as typeof NO_QUERY,
      body,
    },
    middleware: request.body ? middleware : [...middleware, refuseBodyFields()],
  };
}

/**
 * What every documented operation must declare, so the document stays one that tools accept (redocly's recommended
 * rules) and SDK method names stay the operation names: `operationId` (the SDK's method, e.g. `trials.create`;
 * packages/sdk/test/operation-ids.test.ts holds them together), a `summary`, and its `security` (`noCredential` for a
 * public one). Checked when the route is registered, so a route without them fails every test at import.
 */
function requireDocumented(route: RouteConfig): void {
  const missing = (['operationId', 'summary', 'security'] as const).filter((k) => route[k] === undefined || route[k] === '');
  if (missing.length > 0) throw new Error(`${route.method.toUpperCase()} ${route.path}: the route declares no ${missing.join(', ')} (see http/router.ts).`);
}

export function createRouter() {
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error as never, result.target);
    },
  });
  const register = router.openapi;
  // openapi.json documents the route as written; requests are validated by its strict twin.
  router.openapi = ((route: RouteConfig, handler: never, hook: never) => {
    register(strictRoute(route) as never, handler, hook);
    const { middleware: _middleware, hide, ...documented } = route;
    if (hide) return router;
    requireDocumented(route);
    router.openAPIRegistry.registerPath(documented);
    return router;
  }) as typeof router.openapi;
  return router;
}
