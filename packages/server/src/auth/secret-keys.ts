/**
 * @module The service's own secret keys and the text form of a secret they seal, for secrets the service must keep
 * usable (signing keys' private halves): `sealed:v1:<key id>:<base64url of iv ‖ ciphertext ‖ tag>`.
 *
 * `RESELLERKIT_SECRET_KEY` seals; the keys in `RESELLERKIT_SECRET_KEY_PREVIOUS` only open, while a rotation is under
 * way. Without `RESELLERKIT_SECRET_KEY` (refused in production by the configuration) a development key seals: the
 * format and code path are the production ones, the protection is none, since that key is in this file.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import { open, seal } from './seal.js';

export interface SecretKey {
  /** Names the key inside what it sealed, so the right one is tried and a missing one is named. */
  id: string;
  key: Buffer;
}

export interface Keyring {
  current: SecretKey;
  byId: Map<string, SecretKey>;
}

const DEVELOPMENT_KEY: SecretKey = { id: 'development', key: createHash('sha256').update('resellerkit development secret key, public on purpose').digest() };
const PREFIX = 'sealed:v1:';

/** The secret key or one of the previous ones is missing: what was sealed with it cannot be opened. */
export class UnknownSecretKeyError extends Error {}

/** A digest of the key, never the key: it tells which key sealed a value and reveals nothing about it. */
function keyId(key: Buffer): string {
  return createHash('sha256').update('resellerkit secret key id\0').update(key).digest('hex').slice(0, 16);
}

export function keyringOf(config: Pick<Config, 'RESELLERKIT_SECRET_KEY' | 'RESELLERKIT_SECRET_KEY_PREVIOUS'>): Keyring {
  const toKey = (key: Buffer): SecretKey => ({ id: keyId(key), key });
  const current = config.RESELLERKIT_SECRET_KEY ? toKey(config.RESELLERKIT_SECRET_KEY) : DEVELOPMENT_KEY;
  // The development key always opens: a store made in development keeps working once a real key is set, and is resealed.
  const all = [current, ...config.RESELLERKIT_SECRET_KEY_PREVIOUS.map(toKey), DEVELOPMENT_KEY];
  return { current, byId: new Map(all.map((k) => [k.id, k])) };
}

/** The id of the key that sealed `text`, or null when `text` is not sealed (stored before secrets were sealed). */
export function sealedWith(text: string): string | null {
  if (!text.startsWith(PREFIX)) return null;
  return text.slice(PREFIX.length, text.indexOf(':', PREFIX.length));
}

/** `associatedData` names the owner (a row's id): the sealed text opens only there. */
export function sealSecret(ring: Keyring, plaintext: string, associatedData: string): string {
  return `${PREFIX}${ring.current.id}:${seal(ring.current.key, plaintext, associatedData).toString('base64url')}`;
}

/** Opens sealed text; text that was never sealed is returned as it is. */
export function openSecret(ring: Keyring, text: string, associatedData: string): string {
  const id = sealedWith(text);
  if (id === null) return text;
  const key = ring.byId.get(id);
  if (!key) throw new UnknownSecretKeyError(`sealed with secret key ${id}, which is neither RESELLERKIT_SECRET_KEY nor one of RESELLERKIT_SECRET_KEY_PREVIOUS`);
  return open(key.key, Buffer.from(text.slice(PREFIX.length + id.length + 1), 'base64url'), associatedData).toString();
}

/** True when `text` is plain or sealed with another key than the current one. */
export function needsSealing(ring: Keyring, text: string): boolean {
  return sealedWith(text) !== ring.current.id;
}
