import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { agreementData, signatureRecord } from './fixtures.testing.js';
import { pageTexts } from './pdf-text.testing.js';
import { renderAgreementPdf } from './render-pdf.js';
import { appendSignaturePage, formatUtc } from './signature-page.js';
import { DEFAULT_TEMPLATE } from './template.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('signature page', () => {
  it('appends a last page naming the signer, the time in UTC, IP, browser, consent and the unsigned SHA-256', async () => {
    const unsigned = await renderAgreementPdf(agreementData(), DEFAULT_TEMPLATE);
    const before = await pageTexts(unsigned);
    const signed = await appendSignaturePage(unsigned, signatureRecord());

    expect(signed.unsignedSha256).toBe(sha256(unsigned));
    expect(signed.signedSha256).toBe(sha256(signed.bytes));
    expect(signed.signedSha256).not.toBe(signed.unsignedSha256);

    const doc = await PDFDocument.load(signed.bytes, { updateMetadata: false });
    expect(doc.getPageCount()).toBe(before.length + 1);
    expect(signed.pageCount).toBe(before.length + 1);
    expect(doc.getModificationDate()?.toISOString()).toBe('2026-12-03T13:45:07.000Z');

    const after = await pageTexts(signed.bytes);
    expect(after.slice(0, -1)).toEqual(before);
    const lines = after.at(-1)!.split('\n');
    expect(lines[0]).toBe('Elektronisk underskrift');
    for (const line of [
      'Åsa Ek',
      'asa@solrosen.se',
      '2026-12-03 13:45:07 UTC',
      '203.0.113.7',
      '"Jag har läst och godkänner avtalet"',
      `${before.length} sidor före denna signatursida`,
      signed.unsignedSha256,
    ])
      expect(lines).toContain(line);
    expect(lines.join(' ')).toMatch(/enkel elektronisk underskrift enligt EU:s förordning nr 910\/2014\s+\(eIDAS\)/);
    expect(lines.join(' ')).toContain('Mozilla/5.0 (iPhone;');
  });

  it('keeps hostile signature data on the page without failing', async () => {
    const unsigned = await renderAgreementPdf(agreementData(), DEFAULT_TEMPLATE);
    const signed = await appendSignaturePage(
      unsigned,
      signatureRecord({ typedName: `<script>alert(1)</script> 🖋 ${'Å'.repeat(200)}`, userAgent: 'U'.repeat(5000), ipAddress: '2001:db8::1' }),
    );
    const pages = await pageTexts(signed.bytes);
    const text = pages.slice(before(pages)).join('\n');
    expect(text).toContain('<script>alert(1)</script> ?');
    expect(text).toContain('2001:db8::1');
    // The user agent is clipped on the page (the full one stays in the database).
    expect(text.replace(/[^U]/g, '').length).toBeLessThan(500);
  });

  it('formats the signing time in UTC to the second', () => {
    expect(formatUtc(new Date('2026-06-30T22:15:09.999Z'))).toBe('2026-06-30 22:15:09 UTC');
  });
});

/** Index of the first signature page: the agreement's own pages carry its footer. */
function before(pages: string[]): number {
  return pages.findIndex((p) => p.startsWith('Elektronisk underskrift'));
}
