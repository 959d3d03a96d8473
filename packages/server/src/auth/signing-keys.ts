/** @module The server's Ed25519 signing keys, kept in the store so every process signs with the same one (webhook v1a, widget JWTs). */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Ctx } from '../domain/context.js';
import { newId } from '../ids.js';
import { StoreMap } from '../request-scope.js';

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
const cache = new StoreMap<{ at: number; key: Promise<SigningKey> }>();

function fromRow(r: { id: string; public_jwk: string; private_pkcs8: string }): SigningKey {
  const privateKey = createPrivateKey({ key: r.private_pkcs8, format: 'pem' });
  return { kid: r.id, alg: 'EdDSA', privateKey, publicKey: createPublicKey(privateKey), publicJwk: JSON.parse(r.public_jwk) as PublicJwk };
}

async function loadOrCreate(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<SigningKey> {
  const find = () => ctx.db.selectFrom('signing_keys').select(['id', 'public_jwk', 'private_pkcs8']).where('active', '=', 1).executeTakeFirst();
  const existing = await find();
  if (existing) return fromRow(existing);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const kid = newId('key');
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string };
  const publicJwk: PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid, alg: 'EdDSA', use: 'sig' };
  // Several processes may start at once: the unique `active` column lets one insert win; the others read the winner.
  await ctx.db
    .insertInto('signing_keys')
    .values({ id: kid, alg: 'EdDSA', public_jwk: JSON.stringify(publicJwk), private_pkcs8: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, active: 1, created_at: ctx.clock.now().toISOString() })
    .onConflict((oc) => oc.column('active').doNothing())
    .execute();
  const winner = await find();
  if (!winner) throw new Error('No active signing key after creating one.');
  return fromRow(winner);
}

/** The key new signatures use; created on first use. */
export function getActiveSigningKey(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<SigningKey> {
  const hit = cache.get(ctx.db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.key;
  const key = loadOrCreate(ctx);
  cache.set(ctx.db, { at: Date.now(), key });
  key.catch(() => cache.delete(ctx.db));
  return key;
}

/** Every public key a verifier may meet: the active one and retired ones (signatures made before a rotation). */
export async function publicJwks(ctx: Pick<Ctx, 'db' | 'clock'>): Promise<{ keys: PublicJwk[] }> {
  await getActiveSigningKey(ctx);
  const rows = await ctx.db.selectFrom('signing_keys').select(['public_jwk']).orderBy('created_at', 'desc').execute();
  return { keys: rows.map((r) => JSON.parse(r.public_jwk) as PublicJwk) };
}

/** The active public key in the Standard Webhooks `whpk_` form (base64 of the raw 32 bytes), as our SDK takes it. */
export function webhookPublicKey(key: SigningKey): string {
  return `whpk_${Buffer.from(key.publicJwk.x, 'base64url').toString('base64')}`;
}
