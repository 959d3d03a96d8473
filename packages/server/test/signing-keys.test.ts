/** @module Signing keys: created once in the store and shared by every process that opens it, sealed at rest. */
import { spawnSync } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import { SERVER_CLI, tsNode } from '@resellerkit/dev-env/processes';
import { verifyWebhook } from '@resellerkit/sdk';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SealError } from '../src/auth/seal.js';
import { keyringOf, openSecret, sealedWith } from '../src/auth/secret-keys.js';
import { getActiveSigningKey, publicJwks } from '../src/auth/signing-keys.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { openStore } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { createAppContext } from '../src/app/context.js';
import { openServices } from '../src/app/services.js';
import { createWebhookWorker } from '../src/webhooks/delivery/worker.js';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';
import { createTestStore, testDialects } from '@resellerkit/dev-env/stores';
import { startReceiver } from './webhook-receiver.js';

describe.each(testDialects)('signing keys on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h?.close());

  it('gives every process the same key, even when several create it at once', async () => {
    const others = Array.from({ length: 3 }, () => openStore(h.config.DATABASE_URL, { poolSize: 2 }));
    try {
      const keys = await Promise.all([h.services.ctx, ...others.map((s) => createAppContext(s, h.config, systemClock, h.services.ctx.planFiles))].map((c) => getActiveSigningKey(c)));
      expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
      const rows = await h.services.ctx.db.selectFrom('signing_keys').select('id').execute();
      expect(rows).toHaveLength(1);
    } finally {
      for (const s of others) await s.destroy();
    }
  });

  it('publishes the public key as a JWK that verifies its signatures', async () => {
    const key = await getActiveSigningKey(h.services.ctx);
    const signature = sign(null, Buffer.from('hello'), key.privateKey);
    const res = await h.call('GET', '/.well-known/jwks.json');
    expect(res.status).toBe(200);
    const jwk = res.body.keys.find((k: { kid: string }) => k.kid === key.kid);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(JSON.stringify(res.body)).not.toContain('"d"');
    expect(verify(null, Buffer.from('hello'), createPublicKey({ key: jwk, format: 'jwk' }), signature)).toBe(true);
    expect((await publicJwks(h.services.ctx)).keys.map((k) => k.kid)).toContain(key.kid);
  });
});

describe.each(testDialects)('signing keys sealed at rest on %s', (dialect) => {
  const [keyA, keyB, keyC] = Array.from({ length: 3 }, () => randomBytes(32).toString('base64'));
  const ring = (current: string, previous = '') => keyringOf(loadConfig({ RESELLERKIT_SECRET_KEY: current, RESELLERKIT_SECRET_KEY_PREVIOUS: previous }));

  it('keeps the private key sealed with RESELLERKIT_SECRET_KEY, and it still signs widget sessions, the JWKS and v1a webhooks', async () => {
    const h = await createHarness(dialect, { env: { RESELLERKIT_SECRET_KEY: keyA!, WEBHOOK_ALLOW_PRIVATE: 'true' }, clockStart: new Date().toISOString() });
    const rx = await startReceiver();
    const worker = createWebhookWorker(h.services, { timeoutMs: 5000 });
    try {
      const [row] = await h.services.ctx.db.selectFrom('signing_keys').selectAll().execute();
      expect(row!.private_pkcs8).toMatch(/^sealed:v1:/);
      expect(row!.private_pkcs8).not.toContain('PRIVATE KEY');
      expect(sealedWith(row!.private_pkcs8)).toBe(ring(keyA!).current.id);
      // Nothing but that key opens it: not another key, not the development key, not under another row's id.
      const sealed = Buffer.from(row!.private_pkcs8.split(':').at(-1)!, 'base64url');
      expect(() => open(Buffer.from(keyB!, 'base64'), sealed, row!.id)).toThrow(SealError);
      expect(() => openSecret(keyringOf(loadConfig({})), row!.private_pkcs8, row!.id)).toThrow(/RESELLERKIT_SECRET_KEY/);
      expect(() => openSecret(ring(keyA!), row!.private_pkcs8, 'key_other')).toThrow(SealError);

      const r = await h.reseller({ allowedOrigins: ['https://pms.example'] });
      const minted = await h.call('POST', '/v1/widget-sessions', { key: r.key, body: { origin: 'https://pms.example' } });
      expect(decodeProtectedHeader(minted.body.token).kid).toBe(row!.id);
      expect((await h.call('GET', '/v1/trials', { headers: { authorization: `Bearer ${minted.body.token}`, origin: 'https://pms.example' } })).status).toBe(200);
      expect((await h.call('GET', '/.well-known/jwks.json')).body.keys.map((k: { kid: string }) => k.kid)).toEqual([row!.id]);

      const ep = await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: rx.url, enabledEvents: ['webhook.test'], signing: 'hmac+ed25519' } });
      await h.call('POST', `/v1/webhook-endpoints/${ep.body.id}/test`, { key: r.key });
      expect(await worker.drain()).toBe(1);
      const got = rx.received[0]!;
      expect((await verifyWebhook(got.body, got.headers as Record<string, string>, { publicKey: ep.body.publicKey })).type).toBe('webhook.test');
    } finally {
      await worker.stop();
      await rx.close();
      await h.close();
    }
  });

  it('seals a plain key at start, reseals it when the secret key rotates, and stops start-up when no configured key opens it', async () => {
    const store = await createTestStore(dialect);
    const config = (env: Record<string, string>) => loadConfig({ DATABASE_URL: store.url, NODE_ENV: 'test', ...env });
    const stored = async () => {
      const s = openStore(store.url);
      try {
        return await s.db.selectFrom('signing_keys').selectAll().executeTakeFirstOrThrow();
      } finally {
        await s.destroy();
      }
    };
    try {
      // The store as it was before keys were sealed: the private key in plain PEM.
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
      const x = (publicKey.export({ format: 'jwk' }) as { x: string }).x;
      const plain = openStore(store.url);
      await migrate(plain);
      const publicJwk = { kty: 'OKP', crv: 'Ed25519', x, kid: 'key_plain', alg: 'EdDSA', use: 'sig' };
      await plain.db.insertInto('signing_keys').values({ id: 'key_plain', alg: 'EdDSA', public_jwk: JSON.stringify(publicJwk), private_pkcs8: pem, active: 1, created_at: new Date().toISOString() }).execute();
      await plain.destroy();

      const withA = await openServices(config({ RESELLERKIT_SECRET_KEY: keyA! }));
      const signed = sign(null, Buffer.from('hello'), (await getActiveSigningKey(withA.ctx)).privateKey);
      await withA.store.destroy();
      expect(verify(null, Buffer.from('hello'), createPublicKey({ key: publicJwk, format: 'jwk' }), signed)).toBe(true);
      const sealedA = (await stored()).private_pkcs8;
      expect(sealedWith(sealedA)).toBe(ring(keyA!).current.id);
      expect(openSecret(ring(keyA!), sealedA, 'key_plain')).toBe(pem);

      // Rotation: B seals from now on; A, named as previous, opens what it sealed until the row is resealed at start.
      await (await openServices(config({ RESELLERKIT_SECRET_KEY: keyB!, RESELLERKIT_SECRET_KEY_PREVIOUS: keyA! }))).store.destroy();
      const sealedB = (await stored()).private_pkcs8;
      expect(sealedWith(sealedB)).toBe(ring(keyB!).current.id);
      const onlyB = await openServices(config({ RESELLERKIT_SECRET_KEY: keyB! }));
      expect((await getActiveSigningKey(onlyB.ctx)).kid).toBe('key_plain');
      await onlyB.store.destroy();

      // Without the key that sealed it, start-up stops and names the variable, in the CLI too.
      await expect(openServices(config({ RESELLERKIT_SECRET_KEY: keyC! }))).rejects.toThrow(/RESELLERKIT_SECRET_KEY: signing key key_plain is sealed with secret key \w+, which is neither/);
      const res = spawnSync(process.execPath, [...tsNode(SERVER_CLI), 'migrate'], { env: { ...process.env, DATABASE_URL: store.url, RESELLERKIT_SECRET_KEY: keyC! }, encoding: 'utf8', timeout: 30_000 });
      expect(res.status).toBe(2);
      expect(res.stderr).toContain('RESELLERKIT_SECRET_KEY: signing key key_plain');
      expect((await stored()).private_pkcs8).toBe(sealedB);
    } finally {
      await store.drop();
    }
  });
});
