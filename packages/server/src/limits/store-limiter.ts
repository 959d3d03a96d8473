/**
 * @module A `Limiter` whose token buckets are rows of `rate_limit_buckets` (PostgreSQL), so every API instance draws on
 * the same buckets: three instances still allow `RATE_LIMIT` a minute per credential in total. Each take is one
 * UPSERT (one round trip): the row lock of ON CONFLICT makes it atomic, so of two instances racing for the last token
 * only one gets it. The refill rule is the same as in memory (token-buckets in limiter.ts): continuous, at
 * `capacity / window`, at most `capacity`.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { LimitResult, Limiter } from './limiter.js';

export class StoreLimiter implements Limiter {
  private readonly perMs: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Kysely<Database>,
    /** Keeps the limits apart in the one table: `requests:<credential>`, `passwords:<account address>`. */
    private readonly name: string,
    readonly capacity: number,
    opts: { windowMs?: number; now?: () => number } = {},
  ) {
    this.windowMs = opts.windowMs ?? 60_000;
    this.perMs = capacity / this.windowMs;
    this.now = opts.now ?? Date.now;
  }

  async take(key: string): Promise<LimitResult> {
    const now = this.now();
    const cap = this.capacity;
    // `refilled` is the bucket at `now`; the row keeps `granted` so RETURNING can tell whether this take got a token.
    // A clock behind the row's (another instance's) refills nothing rather than going back.
    const refilled = sql`least(${cap}::float8, b.tokens + greatest(0, ${now}::float8 - b.at_ms) * ${this.perMs}::float8)`;
    const { rows } = await sql<{ tokens: number; granted: boolean }>`
      insert into rate_limit_buckets as b (key, tokens, at_ms, granted)
      values (${this.key(key)}, ${cap - 1}::float8, ${now}::float8, true)
      on conflict (key) do update set
        tokens = case when ${refilled} >= 1 then ${refilled} - 1 else ${refilled} end,
        granted = ${refilled} >= 1,
        at_ms = greatest(b.at_ms, ${now}::float8)
      returning tokens, granted`.execute(this.db);
    const { tokens, granted } = rows[0]!;
    return {
      ok: granted,
      remaining: Math.max(0, Math.floor(tokens)),
      retryAfterSeconds: granted ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)),
      resetSeconds: Math.ceil((cap - tokens) / this.perMs / 1000),
    };
  }

  async refund(key: string): Promise<void> {
    await sql`update rate_limit_buckets set tokens = least(${this.capacity}::float8, tokens + 1) where key = ${this.key(key)}`.execute(this.db);
  }

  private key(key: string) {
    return `${this.name}:${key}`;
  }
}
