/** @module The Hono environment every route shares: the domain context and who is calling. */
import type { Actor, Ctx } from '../domain/context.js';
import type { RequestScope } from '../request-scope.js';

export type AppEnv = {
  Variables: {
    ctx: Ctx;
    actor: Actor;
    requestId: string;
    /** Who acts in this request, for the audit log; the context's database handle carries the same object. */
    scope: RequestScope;
  };
};
