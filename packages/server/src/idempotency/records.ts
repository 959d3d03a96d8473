/**
 * @module What `Idempotency-Key` keeps of a POST's answer, and for how long. A record holds no usable secret although
 * answers carry API keys and webhook secrets shown once (issue 14, item 3):
 * - `key_hash`: a digest of the caller's credential and key; the key itself is not stored.
 * - `request_hash`: an HMAC of method, path, query and body, under a key derived from credential and key, so a
 *   dump cannot confirm guesses of what was sent.
 * - `response`: status, content type and body sealed (AES-256-GCM) with a key derived (HKDF) from the credential
 *   and the key. Only a caller holding both can replay it; the store holds neither (API keys are kept as digests,
 *   the admin key and widget tokens not at all), so a weak Idempotency-Key alone does not open it.
 * Records older than 24 hours answer nothing and are pruned by the scheduler.
 */
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { open, seal } from '../auth/seal.js';

export const IDEMPOTENCY_TTL_HOURS = 24;

export interface RecordKeys {
  /** Where the record is found. */
  lookup: string;
  requestKey: Buffer;
  responseKey: Buffer;
}

export interface StoredResponse {
  status: number;
  contentType: string | null;
  body: string;
}

export interface IdempotencyRecord {
  request_hash: string;
  response: string;
}

/** `credential` is the bearer token the request carries; two tokens never share records, whatever their ids. */
export function recordKeys(credential: string, idempotencyKey: string): RecordKeys {
  const secret = Buffer.from(JSON.stringify([credential, idempotencyKey]));
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', secret, 'resellerkit idempotency', purpose, 32));
  return {
    lookup: createHash('sha256').update('resellerkit idempotency lookup\0').update(secret).digest('hex'),
    requestKey: derive('request v1'),
    responseKey: derive('response v1'),
  };
}

/** The query is part of the request: `?dryRun=true` and the real import are two requests, never replays of each other. */
export function requestHash(keys: RecordKeys, r: { method: string; path: string; query: string; body: string | Uint8Array }): string {
  return createHmac('sha256', keys.requestKey).update(`${r.method}\n${r.path}\n${r.query}\n`).update(r.body).digest('hex');
}

export function sealResponse(keys: RecordKeys, response: StoredResponse): string {
  return seal(keys.responseKey, JSON.stringify(response), keys.lookup).toString('base64');
}

/** Throws SealError when `keys` are not the ones it was sealed with. */
export function openResponse(keys: RecordKeys, sealed: string): StoredResponse {
  return JSON.parse(open(keys.responseKey, Buffer.from(sealed, 'base64'), keys.lookup).toString()) as StoredResponse;
}

export function staleBefore(now: Date): string {
  return new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3_600_000).toISOString();
}
