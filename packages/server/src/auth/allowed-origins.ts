/**
 * @module Which page origins may call /v1 from a browser: our own, and those some reseller allows for its widget.
 * Answers are cached briefly per origin: a preflight and its request cost one lookup, and a changed allowedOrigins
 * takes effect within CACHE_MS.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { someResellerAllows } from './repo.js';

const CACHE_MS = 30_000;
const CACHE_MAX = 1000;

export class AllowedOrigins {
  readonly #answers = new Map<string, { at: number; allowed: boolean }>();

  async allows(ctx: { db: Kysely<Database>; config: { PUBLIC_URL: string } }, origin: string): Promise<boolean> {
    const hit = this.#answers.get(origin);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.allowed;
    const allowed = origin === new URL(ctx.config.PUBLIC_URL).origin || (await someResellerAllows(ctx.db, origin));
    if (this.#answers.size >= CACHE_MAX) this.#answers.clear();
    this.#answers.set(origin, { at: Date.now(), allowed });
    return allowed;
  }
}
