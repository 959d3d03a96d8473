import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pagePolicy } from '../../http/page-policy.js';
import { agreementData } from './fixtures.testing.js';
import { readDeclineForm, readSignForm } from './signing-form.js';
import { escapeHtml, renderSigningPage, SIGNING_PAGE_STYLE, signingPageStatus, signingPaths, type SigningPageState } from './signing-page.js';

const token = 'A'.repeat(43);
const expiresAt = new Date('2026-12-15T09:00:00Z');
const ready = (overrides: Partial<Extract<SigningPageState, { kind: 'ready' }>> = {}): SigningPageState => ({ kind: 'ready', token, agreement: agreementData(), expiresAt, ...overrides });

const ALL_STATES: SigningPageState[] = [
  ready(),
  ready({ form: { name: 'x', signFaults: ['consent_missing'], declineFaults: ['reason_missing'] } }),
  { kind: 'signed', signerName: 'Åsa Ek', signedAt: new Date('2026-12-03T13:45:07Z'), organizationName: 'Brf Solrosen' },
  { kind: 'declined', organizationName: 'Brf Solrosen' },
  { kind: 'invalid', reason: 'used' },
  { kind: 'invalid', reason: 'expired' },
  { kind: 'invalid', reason: 'revoked' },
  { kind: 'invalid', reason: 'unknown' },
];

describe('signing page', () => {
  it('asks for the typed name, explicit consent, and offers to decline with a reason (Swedish by default)', () => {
    const html = renderSigningPage(ready(), 'sv');
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('<h1>Signera slutkundsavtal</h1>');
    expect(html).toContain('<label for="name">Ditt namn</label>');
    expect(html).toMatch(/<input id="name" name="name" type="text"[^>]* required/);
    expect(html).toMatch(/<label class="consent" for="consent"><input id="consent" name="consent" type="checkbox" value="yes" required><span>Jag har läst och godkänner avtalet<\/span><\/label>/);
    expect(html).toContain('<button type="submit">Signera avtalet</button>');
    expect(html).toContain('<button type="submit" class="secondary">Avböj</button>');
    expect(html).toContain('<label for="reason">Anledning</label>');
    expect(html).toContain(`<form method="post" action="/sign/${token}?lang=sv">`);
    expect(html).toContain(`<form method="post" action="/sign/${token}/decline?lang=sv">`);
    expect(html).toContain(`href="/sign/${token}/agreement.pdf"`);
    expect(html).toContain('12\u00a0345,00\u00a0kr exkl. moms');
    expect(html).toContain('Brf Solrosen i Västerås, 769600-1234');
    expect(html).toContain('Länken gäller till 2026-12-15 10:00 och kan bara användas en gång.');
    expect(html).toContain(`<a href="/sign/${token}?lang=en" lang="en" hreflang="en">In English</a>`);
  });

  it('speaks English when asked', () => {
    const html = renderSigningPage(ready(), 'en');
    expect(html).toContain('valid until 2026-12-15 10:00 (Swedish time)');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('I have read and accept the agreement');
    expect(html).toContain('>Sign the agreement</button>');
    expect(html).toContain('>Decline</button>');
    expect(html).toContain('På svenska');
  });

  it('escapes every piece of dynamic text, in content and in attributes', () => {
    const evil = '<script>alert("x")</script>\'&';
    const data = agreementData({ organization: { name: evil }, reseller: { name: evil }, signer: { name: evil, email: 'a@b.se' }, licence: { name: evil, annualPrice: { amount: 1, currency: 'SEK' } } });
    const html = renderSigningPage(ready({ agreement: data, token: '"><script>x</script>', form: { name: evil, reason: `</textarea>${evil}` } }), 'sv');
    expect(html).not.toContain('<script');
    expect(html).toContain('>&lt;/textarea&gt;&lt;script&gt;');
    expect(html.match(/<\/textarea>/g)).toHaveLength(1);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;&amp;');
    expect(html).toContain(`value="${escapeHtml(evil)}"`);
    for (const state of [
      { kind: 'signed', signerName: evil, signedAt: new Date(), organizationName: evil },
      { kind: 'declined', organizationName: evil },
    ] as SigningPageState[])
      expect(renderSigningPage(state, 'en')).not.toContain('<script');
  });

  it('shows what was wrong with a post next to its field', () => {
    const html = renderSigningPage(ready({ form: { name: '', signFaults: ['name_missing', 'consent_missing'] } }), 'sv');
    expect(html).toContain('<p id="name-fault" role="alert">Skriv ditt namn.</p>');
    expect(html).toMatch(/aria-describedby="name-hint name-fault" aria-invalid="true"/);
    expect(html).toContain('<p id="consent-fault" role="alert">Kryssa i rutan för att godkänna avtalet.</p>');
    expect(signingPageStatus(ready({ form: { signFaults: ['consent_missing'] } }))).toBe(422);
  });

  it('has a clear page for a used, expired, revoked or unknown link, answered 410 or 404', () => {
    const used = renderSigningPage({ kind: 'invalid', reason: 'used' }, 'sv');
    expect(used).toContain('<h1>Länken har redan använts</h1>');
    expect(renderSigningPage({ kind: 'invalid', reason: 'expired' }, 'sv')).toContain('<h1>Länken har gått ut</h1>');
    expect(renderSigningPage({ kind: 'invalid', reason: 'unknown' }, 'en')).toContain('<h1>This link is not valid</h1>');
    expect(signingPageStatus({ kind: 'invalid', reason: 'unknown' })).toBe(404);
    expect(signingPageStatus({ kind: 'invalid', reason: 'used' })).toBe(410);
    expect(signingPageStatus({ kind: 'invalid', reason: 'expired' })).toBe(410);
    expect(signingPageStatus({ kind: 'signed', signerName: 'A', signedAt: new Date(), organizationName: 'B' })).toBe(200);
    expect(renderSigningPage({ kind: 'declined', organizationName: 'Brf Solrosen' }, 'sv')).toContain('<h1>Du har avböjt avtalet</h1>');
    expect(renderSigningPage({ kind: 'signed', signerName: 'Åsa Ek', signedAt: new Date('2026-12-03T23:30:00Z'), organizationName: 'Brf Solrosen' }, 'sv')).toContain(
      'Åsa Ek signerade slutkundsavtalet för Brf Solrosen den 2026-12-04.',
    );
  });

  it('fits the page policy: one <style> block allowed by hash, no script, no inline style or handler attributes', () => {
    const styleHash = `'sha256-${createHash('sha256').update(SIGNING_PAGE_STYLE).digest('base64')}'`;
    for (const locale of ['sv', 'en'] as const)
      for (const state of ALL_STATES) {
        const html = renderSigningPage(state, locale);
        expect(html.match(/<style\b/g)).toHaveLength(1);
        expect(html).not.toMatch(/<script\b/i);
        expect(html).not.toMatch(/\sstyle\s*=/i);
        expect(html).not.toMatch(/\son[a-z]+\s*=/i);
        expect(html).not.toMatch(/javascript:/i);
        expect(html).toContain('<meta name="referrer" content="no-referrer">');
        expect(pagePolicy(html)).toContain(`style-src 'self' ${styleHash}`);
      }
  });

  it('names the signing paths once for routes and links', () => {
    expect(signingPaths('a b')).toEqual({ page: '/sign/a%20b', pdf: '/sign/a%20b/agreement.pdf', sign: '/sign/a%20b', decline: '/sign/a%20b/decline' });
  });
});

describe('signing forms', () => {
  it('accepts a typed name with consent, trimmed', () => {
    expect(readSignForm({ name: '  Åsa Ek ', consent: 'yes' })).toEqual({ ok: true, value: { name: 'Åsa Ek', consent: 'yes' } });
    expect(readSignForm({ name: ['Åsa Ek', 'x'], consent: 'yes' })).toEqual({ ok: true, value: { name: 'Åsa Ek', consent: 'yes' } });
  });

  it('names each fault: missing or bad name, missing consent', () => {
    expect(readSignForm({})).toEqual({ ok: false, faults: ['name_missing', 'consent_missing'] });
    expect(readSignForm({ name: '   ', consent: 'yes' })).toEqual({ ok: false, faults: ['name_missing'] });
    expect(readSignForm({ name: 'a'.repeat(201), consent: 'yes' })).toEqual({ ok: false, faults: ['name_invalid'] });
    expect(readSignForm({ name: 'Åsa\nEk', consent: 'yes' })).toEqual({ ok: false, faults: ['name_invalid'] });
    expect(readSignForm({ name: 'Åsa', consent: 'on' })).toEqual({ ok: false, faults: ['consent_missing'] });
  });

  it('declines only with a reason', () => {
    expect(readDeclineForm({ reason: 'Fel licens.\nVi vill ha BRF Plus.' })).toEqual({ ok: true, value: { reason: 'Fel licens.\nVi vill ha BRF Plus.' } });
    expect(readDeclineForm({ reason: ' ' })).toEqual({ ok: false, faults: ['reason_missing'] });
    expect(readDeclineForm({ reason: 'x'.repeat(1001) })).toEqual({ ok: false, faults: ['reason_invalid'] });
  });
});
