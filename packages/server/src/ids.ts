/** @module Prefixed, time-sortable string ids (`trial_…`, `ord_…`): cursor pagination orders by them. */
import { randomBytes, randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
let lastMs = 0;
let seq = 0;

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

/** 10 chars of milliseconds, 2 of in-process sequence (monotonic within a millisecond), 10 random. */
export function newId(prefix: string): string {
  const ms = Date.now();
  if (ms === lastMs) seq++;
  else {
    lastMs = ms;
    seq = 0;
  }
  let rand = '';
  for (let i = 0; i < 10; i++) rand += ALPHABET[nextRandomByte() % 32];
  const s = ALPHABET[Math.floor(seq / 32) % 32]! + ALPHABET[seq % 32]!;
  return `${prefix}_${encodeTime(ms)}${s}${rand}`;
}

/**
 * A fresh id less its last `drop` random characters, for SQL that writes several rows at once and completes each id
 * with the row's number written in ID_ALPHABET: the ids stay unique, prefixed and time-sortable.
 */
export function newIdStem(prefix: string, drop: number): string {
  return newId(prefix).slice(0, -drop);
}

export const ID_ALPHABET = ALPHABET;

/** Id randomness comes from a pooled buffer: one getrandom call per 400 ids instead of one per id. Secrets do not use it. */
const pool = Buffer.alloc(4096);
let poolAt = pool.length;
function nextRandomByte(): number {
  if (poolAt >= pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  return pool[poolAt++]!;
}

/**
 * Secret randomness is buffered too, in its own pool (as Node buffers randomUUID's): one `getrandom` per ~128 secrets
 * instead of one per invitation link (2 % of a trial creation). Each secret's bytes are zeroed once encoded, so the pool
 * holds only secrets not yet handed out.
 */
const secretPool = Buffer.alloc(4096);
let secretAt = secretPool.length;

/** A high-entropy secret token (API keys, invitation links, webhook secrets). */
export function newSecret(prefix: string, bytes = 24): string {
  if (bytes > secretPool.length) return `${prefix}${randomBytes(bytes).toString('base64url')}`;
  if (secretAt + bytes > secretPool.length) {
    randomFillSync(secretPool);
    secretAt = 0;
  }
  const slice = secretPool.subarray(secretAt, secretAt + bytes);
  secretAt += bytes;
  const token = `${prefix}${slice.toString('base64url')}`;
  slice.fill(0);
  return token;
}
