/**
 * @module The server's Ed25519 signing keys, kept in the store so every process signs with the same one (webhook v1a,
 * widget JWTs). The private half is stored sealed with the service's secret key (secret-keys.ts), never in plain text.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ConfigError } from '../config.js';
import type { Ctx } from '../app/context.js';
import { newId } from '../ids.js';
import { SealError } from './seal.js';
import { keyringOf, needsSealing, openSecret, sealSecret, UnknownSecretKeyError, type Keyring } from './secret-keys.js';

export interface SigningKey {
  /** The JWK `kid`; also what verifiers look up in `/.well-known/jwks.json`. */
  kid: string;
  alg: 'EdDSA';
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: PublicJwk;
}

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** Re-read the active key this often, so a rotation made by another process reaches this one. */
const CACHE_MS = 60_000;

/** The active key as this app last read it. */
export class SigningKeyCache {
  #entry: { at: number; key: Promise<SigningKey> } | undefined;

  active(ctx: KeyCtx): Promise<SigningKey> {
    const hit = this.#entry;
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.key;
    const entry = { at: Date.now(), key: loadOrCreate(ctx) };
    this.#entry = entry;
    entry.key.catch(() => {
      if (this.#entry === entry) this.#entry = undefined;
    });
    return entry.key;
  }
}

type KeyCtx = Pick<Ctx, 'db' | 'clock' | 'config' | 'caches'>;

/** The sealed private key names its row (the kid) as associated data: moved to another row, it does not open. */
function fromRow(ring: Keyring, r: { id: string; public_jwk: string; private_pkcs8: string }): SigningKey {
  const privateKey = createPrivateKey({ key: openSecret(ring, r.private_pkcs8, r.id), format: 'pem' });
  return { kid: r.id, alg: 'EdDSA', privateKey, publicKey: createPublicKey(privateKey), publicJwk: JSON.parse(r.public_jwk) as PublicJwk };
}

async function loadOrCreate(ctx: KeyCtx): Promise<SigningKey> {
  const ring = keyringOf(ctx.config);
  const find = () => ctx.db.selectFrom('signing_keys').select(['id', 'public_jwk', 'private_pkcs8']).where('active', '=', 1).executeTakeFirst();
  const existing = await find();
  if (existing) return fromRow(ring, existing);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = newId('key');
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string };
  const publicJwk: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' };
  // Several processes may start at once: the unique `active` column lets one insert win; the others read the winner.
  await ctx.db
    .insertInto('signing_keys')
    .values({ id: kid, alg: 'EdDSA', public_jwk: JSON.stringify(publicJwk), private_pkcs8: sealSecret(ring, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, kid), active: 1, created_at: ctx.clock.now().toISOString() })
    .onConflict((oc) => oc.column('active').doNothing())
    .execute();
  const winner = await find();
  if (!winner) throw new Error('No active signing key after creating one.');
  return fromRow(ring, winner);
}

/** The key new signatures use; created on first use. */
export function getActiveSigningKey(ctx: KeyCtx): Promise<SigningKey> {
  return ctx.caches.signingKeys.active(ctx);
}

/** Every public key a verifier may meet: the active one and retired ones (signatures made before a rotation). */
export async function publicJwks(ctx: KeyCtx): Promise<{ keys: PublicJwk[] }> {
  await getActiveSigningKey(ctx);
  const rows = await ctx.db.selectFrom('signing_keys').select(['public_jwk']).orderBy('created_at', 'desc').execute();
  return { keys: rows.map((r) => JSON.parse(r.public_jwk) as PublicJwk) };
}

/** The active public key in the Standard Webhooks `whpk_` form (base64 of the raw 32 bytes), as our SDK takes it. */
export function webhookPublicKey(key: SigningKey): string {
  return `whpk_${Buffer.from(key.publicJwk.x, 'base64url').toString('base64')}`;
}

/**
 * At start: every stored private key must open, or start-up stops naming the secret key it needs; each one not sealed
 * with the current secret key (plain text from before keys were sealed, or a rotated-out secret key) is sealed again.
 * Then the active key exists, so no request ever creates one inside its own transaction. Safe in several processes at
 * once: a row is resealed only if it still holds what was read.
 */
export async function prepareSigningKeys(ctx: KeyCtx): Promise<void> {
  const ring = keyringOf(ctx.config);
  const rows = await ctx.db.selectFrom('signing_keys').select(['id', 'private_pkcs8']).execute();
  for (const row of rows) {
    let pem: string;
    try {
      pem = openSecret(ring, row.private_pkcs8, row.id);
      createPrivateKey({ key: pem, format: 'pem' });
    } catch (e) {
      const why =
        e instanceof UnknownSecretKeyError ? `is ${e.message}` : e instanceof SealError ? 'does not open with the secret key it names (was the key or the row changed?)' : `is not a usable private key (${(e as Error).message})`;
      throw new ConfigError(`Invalid configuration:\n  RESELLERKIT_SECRET_KEY: signing key ${row.id} ${why}`);
    }
    if (!needsSealing(ring, row.private_pkcs8)) continue;
    await ctx.db.updateTable('signing_keys').set({ private_pkcs8: sealSecret(ring, pem, row.id) }).where('id', '=', row.id).where('private_pkcs8', '=', row.private_pkcs8).execute();
  }
  await getActiveSigningKey(ctx);
}
