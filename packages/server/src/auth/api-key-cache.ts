/**
 * @module A short-lived, bounded cache of API-key lookups: the hot path skips a query per request. Revocation evicts the key
 * at once in this process; other processes stop accepting it (and the widget sessions it minted) within TTL_MS.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { keyStatus } from './repo.js';

export const TTL_MS = 10_000;
const MAX = 10_000;

interface Entry {
  keyId: string;
  resellerId: string;
  expires: number;
}

/** By key id (the key that minted a widget session): whether it still holds. */
interface KeyStatus {
  resellerId: string;
  active: boolean;
  expires: number;
}

export class ApiKeyCache {
  /** By key hash: a presented key. */
  readonly #keys = new Map<string, Entry>();
  readonly #statuses = new Map<string, KeyStatus>();

  /** Whether the API key `keyId` of `resellerId` exists and is not revoked; read from the store at most every TTL_MS. */
  async active(db: Kysely<Database>, keyId: string, resellerId: string): Promise<boolean> {
    let status = this.#statuses.get(keyId);
    if (!status || status.expires <= performance.now()) {
      const row = await keyStatus(db, keyId);
      if (this.#statuses.size >= MAX) this.#statuses.delete(this.#statuses.keys().next().value!);
      status = { resellerId: row?.reseller_id ?? '', active: !!row && !row.revoked_at, expires: performance.now() + TTL_MS };
      this.#statuses.set(keyId, status);
    }
    return status.active && status.resellerId === resellerId;
  }

  cached(hash: string): Entry | undefined {
    const e = this.#keys.get(hash);
    if (e && e.expires > performance.now()) return e;
    if (e) this.#keys.delete(hash);
    return undefined;
  }

  remember(hash: string, keyId: string, resellerId: string): void {
    if (this.#keys.size >= MAX) this.#keys.delete(this.#keys.keys().next().value!);
    this.#keys.set(hash, { keyId, resellerId, expires: performance.now() + TTL_MS });
  }

  evict(keyId: string): void {
    for (const [hash, e] of this.#keys) if (e.keyId === keyId) this.#keys.delete(hash);
    this.#statuses.delete(keyId);
  }
}
