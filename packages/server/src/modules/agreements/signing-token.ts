/**
 * @module One-time signing links: a random token in the e-mailed link `${PUBLIC_URL}/sign/{token}`, only its SHA-256
 * at rest, valid 14 days, used once. The verdict on a presented token is a value, not an exception, because every
 * outcome is a page the signer sees (never a 500).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { addDays, type Clock } from '../../clock.js';

/** How long a signing link stays valid (issue 17). */
export const SIGNING_LINK_DAYS = 14;
/** 256 random bits: far beyond guessing, and more than the 192 the issue asks. */
const TOKEN_BYTES = 32;
/** base64url of TOKEN_BYTES, without padding. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface IssuedSigningToken {
  /** Goes into the e-mailed link and nowhere else: never stored, never logged. */
  token: string;
  /** What the database keeps and looks the link up by. */
  tokenHash: string;
  expiresAt: Date;
}

/** A stored signing request as far as its link is concerned. */
export interface SigningTokenRecord {
  tokenHash: string;
  expiresAt: Date | string;
  /** Set when the link was used to sign or decline. */
  usedAt: Date | string | null;
  /** Set when the reseller cancelled the request or sent a new link in its place. */
  revokedAt?: Date | string | null;
}

export type SigningTokenVerdict<R extends SigningTokenRecord = SigningTokenRecord> =
  | { status: 'ok'; record: R }
  | { status: 'used'; record: R }
  | { status: 'revoked'; record: R }
  | { status: 'expired'; record: R }
  | { status: 'unknown' };

export function hashSigningToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A token could be one of ours: the right length and alphabet. Anything else is unknown without a lookup. */
export function isWellFormedSigningToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

export function issueSigningToken(clock: Clock): IssuedSigningToken {
  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  return { token, tokenHash: hashSigningToken(token), expiresAt: addDays(clock.now(), SIGNING_LINK_DAYS) };
}

export function signingLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/sign/${encodeURIComponent(token)}`;
}

const time = (at: Date | string) => (at instanceof Date ? at : new Date(at)).getTime();

/**
 * Judges a presented token against the record its hash found (or `undefined` when none did). A used link reads as
 * used even after it expired: "already signed" tells the signer more than "too old".
 */
export function verifySigningToken<R extends SigningTokenRecord>(token: string, record: R | undefined, clock: Clock): SigningTokenVerdict<R> {
  if (!record || !isWellFormedSigningToken(token)) return { status: 'unknown' };
  const presented = Buffer.from(hashSigningToken(token), 'hex');
  const stored = Buffer.from(record.tokenHash, 'hex');
  if (stored.length !== presented.length || !timingSafeEqual(stored, presented)) return { status: 'unknown' };
  if (record.usedAt) return { status: 'used', record };
  if (record.revokedAt) return { status: 'revoked', record };
  if (clock.now().getTime() >= time(record.expiresAt)) return { status: 'expired', record };
  return { status: 'ok', record };
}
