import type { Ctx } from '../app/context.js';

export interface Outbox {
  record(ctx: Ctx, type: string): string;
}
