/** @module The Hono environment every route shares: the domain context and who is calling. */
import type { Actor, Ctx, RequestScope } from '../app/context.js';
import type { Limits } from '../limits/limiter.js';

export type AppEnv = {
  Variables: {
    ctx: Ctx;
    actor: Actor;
    requestId: string;
    /** Who acts in this request, for the audit log; the context's database handle carries the same object. */
    scope: RequestScope;
    /** The app's abuse limits (rate-limit.ts). */
    limits: Limits;
    /** The client's address (the peer, or X-Forwarded-For per TRUST_PROXY); null for in-process requests. */
    clientAddress: string | null;
  };
};
