/**
 * @module A `Limiter` whose token buckets are rows of `rate_limit_buckets` (PostgreSQL), so every API instance draws on
 * the same buckets: three instances still allow `RATE_LIMIT` a minute per credential in total. A claim is one UPSERT
 * (one round trip): the row lock of ON CONFLICT makes it atomic, so of two instances racing for the last token only
 * one gets it. The refill rule is the same as in memory (token-buckets in limiter.ts): continuous, at
 * `capacity / window`, at most `capacity`.
 *
 * A claim takes up to a hundredth of the capacity at once and this instance spends it request by request: a busy
 * credential costs one write per batch, not per request (a write per request was a commit per request, which also
 * moved PostgreSQL's snapshot and so emptied the read cache for every poll). What a batch holds came out of the shared
 * bucket, so the instances together never allow more than the limit; tokens an instance holds unspent are at most
 * one batch per instance and key, and are dropped after a window. Small limits (under 200 a window: login and
 * signing throttles) claim one token at a time and behave exactly as one shared bucket.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { LimitResult, Limiter } from './limiter.js';

/** Tokens this instance claimed and has not spent yet, with what the shared bucket held after the claim. */
interface Held {
  tokens: number;
  poolLeft: number;
  claimedAt: number;
}

/** Above this many keys held, spent and outdated holdings are dropped. */
const MAX_HELD_KEYS = 10_000;

export class StoreLimiter implements Limiter {
  private readonly perMs: number;
  private readonly windowMs: number;
  private readonly batch: number;
  private readonly now: () => number;
  private readonly held = new Map<string, Held>();
  /** One claim in flight per key: concurrent requests of one credential share it rather than each claiming a batch. */
  private readonly claims = new Map<string, Promise<LimitResult | null>>();

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
    this.batch = Math.max(1, Math.floor(capacity / 100));
  }

  async take(key: string): Promise<LimitResult> {
    for (;;) {
      const held = this.spend(key);
      if (held) return held;
      let claim = this.claims.get(key);
      if (!claim) {
        claim = this.claim(key).finally(() => this.claims.delete(key));
        this.claims.set(key, claim);
      }
      // A refusal is everyone's answer; a granted batch is spent by the loop, and when others spent it first, claimed again.
      const refused = await claim;
      if (refused) return refused;
    }
  }

  async refund(key: string): Promise<void> {
    await sql`update rate_limit_buckets set tokens = least(${this.capacity}::float8, tokens + 1) where key = ${this.key(key)}`.execute(this.db);
  }

  /** Spends a held token, if this instance holds one for the key that is not older than a window. */
  private spend(key: string): LimitResult | null {
    const h = this.held.get(key);
    if (!h || h.tokens < 1) return null;
    if (this.now() - h.claimedAt >= this.windowMs) {
      this.held.delete(key);
      return null;
    }
    h.tokens -= 1;
    const left = h.poolLeft + h.tokens;
    return { ok: true, remaining: Math.max(0, Math.floor(left)), retryAfterSeconds: 0, resetSeconds: Math.ceil((this.capacity - left) / this.perMs / 1000) };
  }

  /** Claims up to a batch from the shared bucket into `held`; null when granted, the refusal when the bucket is empty. */
  private async claim(key: string): Promise<LimitResult | null> {
    const now = this.now();
    const cap = this.capacity;
    // `refilled` is the bucket at `now`; the row keeps `taken` so RETURNING can tell how many this claim got.
    // A clock behind the row's (another instance's) refills nothing rather than going back.
    const refilled = sql`least(${cap}::float8, b.tokens + greatest(0, ${now}::float8 - b.at_ms) * ${this.perMs}::float8)`;
    const got = sql`least(${this.batch}::float8, floor(${refilled}))`;
    const first = Math.min(this.batch, cap);
    const { rows } = await sql<{ tokens: number; taken: number }>`
      insert into rate_limit_buckets as b (key, tokens, at_ms, taken)
      values (${this.key(key)}, ${cap - first}::float8, ${now}::float8, ${first}::float8)
      on conflict (key) do update set
        tokens = ${refilled} - ${got},
        taken = ${got},
        at_ms = greatest(b.at_ms, ${now}::float8)
      returning tokens, taken`.execute(this.db);
    const { tokens, taken } = rows[0]!;
    if (taken < 1) {
      return {
        ok: false,
        remaining: 0,
        retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)),
        resetSeconds: Math.ceil((cap - tokens) / this.perMs / 1000),
      };
    }
    if (!this.held.has(key) && this.held.size >= MAX_HELD_KEYS) this.prune(now);
    this.held.set(key, { tokens: taken, poolLeft: tokens, claimedAt: now });
    return null;
  }

  private prune(now: number) {
    for (const [key, h] of this.held) if (h.tokens < 1 || now - h.claimedAt >= this.windowMs) this.held.delete(key);
    // Every holding is live: drop the oldest; its unspent tokens only make this instance stricter.
    if (this.held.size >= MAX_HELD_KEYS) this.held.delete(this.held.keys().next().value!);
  }

  private key(key: string) {
    return `${this.name}:${key}`;
  }
}
