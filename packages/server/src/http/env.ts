/** @module The Hono environment every route shares: the domain context and who is calling. */
import type { Actor, Ctx } from '../domain/context.js';

export type AppEnv = {
  Variables: {
    ctx: Ctx;
    actor: Actor;
    requestId: string;
  };
};
