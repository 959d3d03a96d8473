/** @module The Hono app: guards, authentication, idempotency, and every resource router. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { authenticate, type CredentialResolver } from '../auth/authenticate.js';
import { widgetSessionResolver } from '../auth/widget-sessions.js';
import type { Ctx } from './context.js';
import type { AppEnv } from '../http/env.js';
import { widgetCors } from '../http/cors.js';
import { errorBody, toErrorResponse } from '../http/errors.js';
import { jsonOnly, requestId } from '../http/guards.js';
import { limitBodies } from '../http/body.js';
import { idempotency } from '../http/idempotency.js';
import { accessLog } from '../http/access-log.js';
import { auditFallback } from '../http/audit-fallback.js';
import { limitContext, rateLimit } from '../http/rate-limit.js';
import { userSessionBucket } from '../http/user-session.js';
import { bindActor, requestContext } from '../http/request-context.js';
import { requestTimeout } from '../http/timeout.js';
import { refuseNul } from '../http/nul-guard.js';
import { pageSecurity } from '../http/page-policy.js';
import type { Logger } from '../logger.js';
import audit from '../modules/audit/routes.js';
import { validationError } from '../http/errors.js';
import accounts from '../modules/accounts/routes.js';
import admin, { catalogueRoutes } from '../modules/vendor/routes.js';
import revenue from '../modules/revenue/routes.js';
import customers from '../modules/customers/routes.js';
import events from '../modules/events/routes.js';
import invitationPage from '../routes/invitation-page.js';
import agreements from '../modules/agreements/routes.js';
import signingPages from '../modules/agreements/signing-routes.js';
import operations, { registerOpenApi } from '../routes/operations.js';
import reference from '../routes/reference-page.js';
import orders from '../modules/orders/routes.js';
import organizations from '../modules/organizations/routes.js';
import plans from '../modules/plans/routes.js';
import trials from '../modules/trials/routes.js';
import trialFollowUp from '../modules/trials/follow-up-routes.js';
import webhooks from '../webhooks/endpoints/routes.js';
import startPage from '../demo/start-page.js';
import { demoRouters } from '../demo/routes.js';
import widget from '../routes/widget.js';
import widgetAssets from '../modules/widget-releases/routes.js';

export interface AppOptions {
  ctx: Ctx;
  /** Extra ways to authenticate (widget sessions). */
  resolvers?: CredentialResolver[];
  /** Where unexpected errors go; they never reach the client. */
  logError?: (err: unknown, requestId: string) => void;
  /** Mounts extra routers before the API (widget bundle, demo pages, dev mailbox). */
  extend?: (app: OpenAPIHono<AppEnv>) => void;
  /** One access-log line per request (tests leave it out and stay quiet). */
  log?: Logger;
  /** Requests still running after this get a 503; default 30 s, 0 off. */
  requestTimeoutMs?: number;
  /**
   * `serve --demo`: mounts the development routes (the mailbox at /dev/mail with live invitation links, the demo
   * webhook consumer at /dev/webhooks, the demo page and its session endpoint). Never in production.
   */
  demo?: boolean;
}

/** Paths under /v1 that carry no API key: a customer user's own endpoints. */
const PUBLIC = new Set(['/v1/invitations/accept', '/v1/login', '/v1/me', '/v1/me/plan']);

/**
 * Whose bucket a request draws on: the credential's (a widget session draws on the key that minted it), the user
 * session's on /v1/me…, the client address's on the other public endpoints.
 */
function requestBucket(c: Context<AppEnv>): string | null {
  if (!PUBLIC.has(c.req.path)) {
    const actor = c.get('actor');
    return actor.bucket ?? actor.credentialId;
  }
  if (c.req.path.startsWith('/v1/me')) return userSessionBucket(c);
  const address = c.get('clientAddress');
  return address ? `address:${address}` : null;
}
const UPLOADS = [/^\/v1\/orders\/[^/]+\/agreement$/, /^\/v1\/organizations\/[^/]+\/plan\/import$/];

export function createApp(opts: AppOptions) {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error as never, result.target);
    },
  });
  app.use('*', requestId());
  if (opts.log) app.use('*', accessLog(opts.log));
  app.use('*', requestTimeout(opts.requestTimeoutMs ?? 30_000));
  app.use('*', requestContext(opts.ctx));
  app.use('*', limitContext(opts.ctx.limits, opts.ctx.config.TRUST_PROXY));
  app.use('*', secureHeaders({ crossOriginResourcePolicy: false }));
  app.use('*', pageSecurity());
  // Before auth: preflights carry no credentials, and error responses need CORS headers to be readable.
  app.use('/v1/*', widgetCors());
  // Every body, on every path, before anything reads it (authentication included).
  app.use('*', limitBodies(UPLOADS));
  app.use('/v1/*', jsonOnly(UPLOADS));
  app.use('/v1/*', refuseNul());
  const auth = authenticate([widgetSessionResolver, ...(opts.resolvers ?? [])]);
  const idem = idempotency();
  app.use('/v1/*', async (c, next) => (PUBLIC.has(c.req.path) ? next() : auth(c, next)));
  // Right after authentication: the request context learns the actor (for the audit log), the bucket is charged.
  app.use('/v1/*', bindActor());
  app.use('/v1/*', rateLimit(requestBucket));
  app.use('/v1/*', async (c, next) => (PUBLIC.has(c.req.path) ? next() : idem(c, next)));
  // Inside idempotency: an audit row written after the fact joins the request's unit of work, with its answer.
  app.use('/v1/*', auditFallback());

  if (opts.demo && opts.ctx.config.NODE_ENV !== 'production') for (const r of demoRouters) app.route('/', r);
  opts.extend?.(app);
  app.route('/', invitationPage);
  app.route('/', signingPages);
  for (const r of [operations, reference, admin, audit, organizations, plans, trialFollowUp, trials, orders, agreements, customers, catalogueRoutes, revenue, events, accounts, webhooks, widget, widgetAssets, startPage]) app.route('/', r);
  registerOpenApi(app);

  app.notFound((c) => c.json(errorBody(c, 'not_found', `No route for ${c.req.method} ${c.req.path}.`), 404));
  app.onError((err, c) => toErrorResponse(err, c, (e) => opts.logError?.(e, c.get('requestId'))));
  return app;
}

export type App = ReturnType<typeof createApp>;
