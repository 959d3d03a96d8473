import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../clock.js';
import { hashSigningToken, isWellFormedSigningToken, issueSigningToken, SIGNING_LINK_DAYS, signingLink, verifySigningToken, type SigningTokenRecord } from './signing-token.js';

const start = '2026-12-01T09:00:00.000Z';

function issued(clock = new ManualClock(start)) {
  const { token, tokenHash, expiresAt } = issueSigningToken(clock);
  const record: SigningTokenRecord & { orderId: string } = { orderId: 'ord_1', tokenHash, expiresAt: expiresAt.toISOString(), usedAt: null, revokedAt: null };
  return { clock, token, record, expiresAt };
}

describe('signing tokens', () => {
  it('are 256 random bits in base64url, stored only as their SHA-256, valid 14 days from the clock', () => {
    const clock = new ManualClock(start);
    const a = issueSigningToken(clock);
    const b = issueSigningToken(clock);
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, 'base64url').length * 8).toBeGreaterThanOrEqual(192);
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).toBe(createHash('sha256').update(a.token).digest('hex'));
    expect(a.tokenHash).not.toContain(a.token);
    expect(a.expiresAt.toISOString()).toBe('2026-12-15T09:00:00.000Z');
    expect(SIGNING_LINK_DAYS).toBe(14);
  });

  it('verify: ok within 14 days, expired from the expiry instant on', () => {
    const { clock, token, record } = issued();
    const ok = verifySigningToken(token, record, clock);
    expect(ok.status).toBe('ok');
    expect(ok.status === 'ok' && ok.record.orderId).toBe('ord_1');
    clock.set('2026-12-15T08:59:59.999Z');
    expect(verifySigningToken(token, record, clock).status).toBe('ok');
    clock.set('2026-12-15T09:00:00.000Z');
    expect(verifySigningToken(token, record, clock).status).toBe('expired');
  });

  it('verify: a used link is used, even once expired; a revoked one is revoked', () => {
    const { clock, token, record } = issued();
    const used = { ...record, usedAt: new Date('2026-12-02T10:00:00Z') };
    expect(verifySigningToken(token, used, clock).status).toBe('used');
    clock.advanceDays(30);
    expect(verifySigningToken(token, used, clock).status).toBe('used');
    clock.set(start);
    expect(verifySigningToken(token, { ...record, revokedAt: '2026-12-02T10:00:00Z' }, clock).status).toBe('revoked');
  });

  it('verify: unknown without a record, for a tampered token, or one of the wrong shape', () => {
    const { clock, token, record } = issued();
    expect(verifySigningToken(token, undefined, clock)).toEqual({ status: 'unknown' });
    const tampered = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect(verifySigningToken(tampered, record, clock)).toEqual({ status: 'unknown' });
    expect(verifySigningToken(`${token}x`, record, clock)).toEqual({ status: 'unknown' });
    expect(verifySigningToken('', record, clock)).toEqual({ status: 'unknown' });
    expect(verifySigningToken(token, { ...record, tokenHash: 'not-hex' }, clock)).toEqual({ status: 'unknown' });
    expect(isWellFormedSigningToken('../../etc/passwd')).toBe(false);
    expect(isWellFormedSigningToken(token)).toBe(true);
    expect(hashSigningToken(token)).toBe(record.tokenHash);
  });

  it('builds the e-mailed link under PUBLIC_URL', () => {
    expect(signingLink('https://rk.example.se/', 'abc_-1')).toBe('https://rk.example.se/sign/abc_-1');
    expect(signingLink('https://rk.example.se/base', 'abc')).toBe('https://rk.example.se/base/sign/abc');
  });
});
