/**
 * @module Standard Webhooks verification and signing with WebCrypto only (no Node built-ins).
 *
 * Both functions are async because WebCrypto (`crypto.subtle`) is. Verification needs the raw
 * request body exactly as received: a body parsed to JSON and serialised again has different
 * bytes and its signature will not match.
 */
import { WebhookVerificationError } from './errors.js';
import type { WebhookEvent } from './types.js';

/** A `whsec_…` HMAC secret, a `whpk_…` Ed25519 public key, or both. */
export type WebhookSecret = string | { secret?: string; publicKey?: string };

/** A Fetch `Headers` or a plain object such as Node's `req.headers` (any letter case). */
export type WebhookHeadersInput = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookOptions {
  /** Allowed clock difference in seconds, both ways (default 300). */
  toleranceSeconds?: number;
  /** Current time, for tests (default now). */
  now?: Date | number;
}

export interface SignWebhookParams {
  id: string;
  /** Seconds since the epoch, or a Date (default now). */
  timestamp?: number | Date;
  body: string | Uint8Array;
  /** `whsec_…` secret(s); several sign like a rotation's grace period does. */
  secret: string | string[];
  /** Ed25519 private key: adds a `v1a,` signature. */
  privateKey?: CryptoKey;
}

/** A type alias (not an interface) so it passes wherever a header record is expected. */
export type SignedWebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
};

const DEFAULT_TOLERANCE = 5 * 60;
const encoder = new TextEncoder();

/**
 * Verifies a delivery's signature and timestamp and returns its parsed body, typed by `type`.
 * Accepts `webhook-*` headers and their `svix-*` aliases; any one valid signature among
 * several (as during a secret rotation) passes. Throws `WebhookVerificationError` otherwise.
 */
export async function verifyWebhook(
  rawBody: string | Uint8Array | ArrayBuffer,
  headers: WebhookHeadersInput,
  secret: WebhookSecret,
  options: VerifyWebhookOptions = {},
): Promise<WebhookEvent> {
  // Every way of calling this wrongly (no secret configured, no headers) is a verification failure, never a TypeError.
  const keys = secretKeys(secret);
  const body = bodyBytes(rawBody);
  if (headers === null || typeof headers !== 'object') throw new WebhookVerificationError('No webhook headers given.');
  const id = header(headers, 'webhook-id') ?? header(headers, 'svix-id');
  const timestamp = header(headers, 'webhook-timestamp') ?? header(headers, 'svix-timestamp');
  const signatures = header(headers, 'webhook-signature') ?? header(headers, 'svix-signature');
  if (!id || !timestamp || !signatures) {
    throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature header.');
  }

  if (!/^\d+$/.test(timestamp)) throw new WebhookVerificationError('Invalid webhook-timestamp.');
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE;
  const now = Math.floor(Number(options.now ?? Date.now()) / 1000);
  const age = now - Number(timestamp);
  if (age > tolerance) throw new WebhookVerificationError('Webhook timestamp too old.');
  if (age < -tolerance) throw new WebhookVerificationError('Webhook timestamp too far in the future.');

  const content = concat(encoder.encode(`${id}.${timestamp}.`), body);
  let expectedHmac: Uint8Array | undefined;
  let publicKey: CryptoKey | undefined;
  for (const entry of signatures.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0) continue;
    const version = entry.slice(0, comma);
    const given = tryBase64(entry.slice(comma + 1));
    if (!given) continue;
    if (version === 'v1' && keys.secret) {
      expectedHmac ??= await hmac(keys.secret, content);
      if (timingSafeEqual(expectedHmac, given)) return parseEvent(body);
    } else if (version === 'v1a' && keys.publicKey) {
      publicKey ??= await importPublicKey(keys.publicKey);
      if (await crypto.subtle.verify('Ed25519', publicKey, given as BufferSource, content as BufferSource)) return parseEvent(body);
    }
  }
  throw new WebhookVerificationError(
    'No matching webhook signature: check the secret, and verify the raw request body, not parsed and re-serialised JSON.',
  );
}

/** Signs a body as the server does: for receivers' tests. Returns the three `webhook-*` headers. */
export async function signWebhook(params: SignWebhookParams): Promise<SignedWebhookHeaders> {
  const ts = params.timestamp ?? new Date();
  const timestamp = String(ts instanceof Date ? Math.floor(ts.getTime() / 1000) : ts);
  const body = typeof params.body === 'string' ? encoder.encode(params.body) : params.body;
  const content = concat(encoder.encode(`${params.id}.${timestamp}.`), body);
  const signatures: string[] = [];
  for (const secret of Array.isArray(params.secret) ? params.secret : [params.secret]) {
    signatures.push(`v1,${toBase64(await hmac(secret, content))}`);
  }
  if (params.privateKey) {
    const sig = await crypto.subtle.sign('Ed25519', params.privateKey, content as BufferSource);
    signatures.push(`v1a,${toBase64(new Uint8Array(sig))}`);
  }
  return { 'webhook-id': params.id, 'webhook-timestamp': timestamp, 'webhook-signature': signatures.join(' ') };
}

/** `rk.webhooks`: the same functions, reachable from a client. */
export class Webhooks {
  /** See {@link verifyWebhook}. Async: WebCrypto is. */
  verify(
    rawBody: string | Uint8Array | ArrayBuffer,
    headers: WebhookHeadersInput,
    secret: WebhookSecret,
    options?: VerifyWebhookOptions,
  ): Promise<WebhookEvent> {
    return verifyWebhook(rawBody, headers, secret, options);
  }

  /** See {@link signWebhook}. */
  sign(params: SignWebhookParams): Promise<SignedWebhookHeaders> {
    return signWebhook(params);
  }
}

/** The HMAC secret and Ed25519 key to verify with; a missing or malformed one (an unset environment variable) is refused. */
function secretKeys(secret: unknown): { secret?: string; publicKey?: string } {
  const keys = typeof secret === 'string' ? (secret.startsWith('whpk_') ? { publicKey: secret } : { secret }) : secret;
  if (keys === null || typeof keys !== 'object') throw new WebhookVerificationError('No webhook secret or public key given.');
  const { secret: hmacSecret, publicKey } = keys as { secret?: unknown; publicKey?: unknown };
  const usable = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  if (!usable(hmacSecret) && !usable(publicKey)) throw new WebhookVerificationError('No webhook secret or public key given.');
  return { ...(usable(hmacSecret) && { secret: hmacSecret }), ...(usable(publicKey) && { publicKey }) };
}

function bodyBytes(raw: unknown): Uint8Array {
  if (typeof raw === 'string') return encoder.encode(raw);
  if (raw instanceof Uint8Array) return raw;
  if (raw instanceof ArrayBuffer) return new Uint8Array(raw);
  throw new WebhookVerificationError(
    'The webhook body must be the raw request body (string or bytes), not a parsed object.',
  );
}

function header(headers: WebhookHeadersInput, name: string): string | undefined {
  let value: string | string[] | null | undefined;
  if (typeof (headers as Headers).get === 'function') value = (headers as Headers).get(name);
  else {
    const record = headers as Record<string, string | string[] | undefined>;
    value = record[name];
    if (value === undefined) {
      const key = Object.keys(record).find((k) => k.toLowerCase() === name);
      value = key === undefined ? undefined : record[key];
    }
  }
  if (Array.isArray(value)) value = value.join(' ');
  return value || undefined;
}

function parseEvent(body: Uint8Array): WebhookEvent {
  let event: unknown;
  try {
    event = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new WebhookVerificationError('The webhook body is not JSON.');
  }
  if (!event || typeof event !== 'object' || typeof (event as { type?: unknown }).type !== 'string') {
    throw new WebhookVerificationError('The webhook body has no event type.');
  }
  return event as WebhookEvent;
}

async function hmac(secret: string, content: Uint8Array): Promise<Uint8Array> {
  const raw = tryBase64(secret.startsWith('whsec_') ? secret.slice(6) : secret);
  if (!raw || raw.length === 0) throw new WebhookVerificationError('The webhook secret is not valid base64.');
  const key = await crypto.subtle.importKey('raw', raw as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, content as BufferSource));
}

async function importPublicKey(publicKey: string): Promise<CryptoKey> {
  const raw = tryBase64(publicKey.startsWith('whpk_') ? publicKey.slice(5) : publicKey);
  if (!raw || raw.length !== 32) throw new WebhookVerificationError('The webhook public key must be 32 bytes of base64.');
  return crypto.subtle.importKey('raw', raw as BufferSource, { name: 'Ed25519' }, false, ['verify']);
}

/** Compares in time that depends only on the length (which is not secret). */
function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Decodes base64 or base64url (padding optional); undefined when it is neither. */
function tryBase64(value: string): Uint8Array | undefined {
  const std = value.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(std)) return undefined;
  try {
    const bin = atob(std.padEnd(Math.ceil(std.length / 4) * 4, '='));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}
