import { describe, expect, it } from 'vitest';
import { newId, newSecret } from './ids.js';

describe('ids and secrets', () => {
  it('ids sort in creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 500 }, () => newId('trial'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(500);
  });

  it('secrets carry the requested entropy and never repeat across pool refills', () => {
    // 32 bytes each: 4096 / 32 = 128 per pool, so 1 000 secrets span several refills.
    const secrets = Array.from({ length: 1000 }, () => newSecret('inv_', 32));
    expect(new Set(secrets).size).toBe(1000);
    for (const s of secrets) expect(s).toMatch(/^inv_[A-Za-z0-9_-]{43}$/);
    // Bytes, not characters: 24 bytes are 32 base64url characters; a secret larger than the pool still works.
    expect(newSecret('rk_live_')).toMatch(/^rk_live_[A-Za-z0-9_-]{32}$/);
    expect(newSecret('x_', 5000).length).toBe(2 + Math.ceil((5000 * 4) / 3));
    // Not all zeros: the pool is zeroed behind each secret, never before it is encoded.
    expect(secrets.some((s) => s.startsWith('inv_AAAAAAAAAAAA'))).toBe(false);
  });
});
