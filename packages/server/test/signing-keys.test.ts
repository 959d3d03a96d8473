/** @module Signing keys: created once in the store and shared by every process that opens it. */
import { createPublicKey, sign, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getActiveSigningKey, publicJwks } from '../src/auth/signing-keys.js';
import { systemClock } from '../src/clock.js';
import { openStore } from '../src/db/connect.js';
import { createHarness, type Harness } from '../src/testing/harness.js';
import { testDialects } from '../src/testing/stores.js';

describe.each(testDialects)('signing keys on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h?.close());

  it('gives every process the same key, even when several create it at once', async () => {
    const others = Array.from({ length: 3 }, () => openStore(h.config.DATABASE_URL, { poolSize: 2 }));
    try {
      const keys = await Promise.all([h.services.ctx, ...others.map((s) => ({ db: s.db, clock: systemClock, config: h.config }))].map((c) => getActiveSigningKey(c)));
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
