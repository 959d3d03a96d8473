import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { agreementData } from './fixtures.testing.js';
import { pageTexts } from './pdf-text.testing.js';
import { renderAgreementPdf } from './render-pdf.js';
import { DEFAULT_TEMPLATE, MAX_TEMPLATE_CHARS } from './template.js';

describe('agreement PDF', () => {
  it('renders the default template: heading, parties, invoicing, licence, price, term, signer and the terms', async () => {
    const bytes = await renderAgreementPdf(agreementData(), DEFAULT_TEMPLATE);
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe('Slutkundsavtal');
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    const pages = await pageTexts(bytes);
    expect(pages.length).toBe(doc.getPageCount());
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const first = pages[0]!;
    expect(first.split('\n')[0]).toBe('Slutkundsavtal');
    for (const line of [
      'Planima AB, org.nr 556000-0001',
      'Fastighetskonsult Öst AB, org.nr 556000-0002',
      'Brf Solrosen i Västerås, org.nr 769600-1234',
      'Storgatan 1, 722 11 Västerås',
      'Referens: Åsa Ek',
      'faktura@solrosen.se',
      'Planima BRF',
      '12\u00a0345,00\u00a0kr exkl. moms',
      '12 månader från 2026-12-01, förlängs årsvis',
      'Åsa Ek (asa@solrosen.se)',
    ])
      expect(first.split('\n')).toContain(line);
    const all = pages.join('\n');
    expect(all).toContain('3. Avtalstid och uppsägning');
    expect(all).toContain('Svensk lag gäller för avtalet.');
    expect(all).not.toContain('{{');
    pages.forEach((text, i) => expect(text).toContain(`Slutkundsavtal · ord_01jtestorder · Sida ${i + 1} av ${pages.length}`));
  });

  it('gives the same bytes for the same order and template, so a draft hash can be recomputed', async () => {
    const a = await renderAgreementPdf(agreementData(), DEFAULT_TEMPLATE);
    const b = await renderAgreementPdf(agreementData(), DEFAULT_TEMPLATE);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('takes its title from the template, wraps long words and breaks pages for a template at the size limit', async () => {
    const paragraph = 'Leverantören åtar sig att hålla tjänsten tillgänglig. '.repeat(20);
    let text = '# Avtal om underhållsplanering\n\n';
    for (let i = 1; text.length < MAX_TEMPLATE_CHARS - 1200; i++) text += `## Punkt ${i}\n${paragraph}\n\n`;
    text += `Slutord ${'x'.repeat(400)} {{organization.name}}`;
    expect(text.length).toBeLessThanOrEqual(MAX_TEMPLATE_CHARS);
    const bytes = await renderAgreementPdf(agreementData(), text);
    const pages = await pageTexts(bytes);
    expect(pages.length).toBeGreaterThan(10);
    const last = pages.at(-1)!;
    expect(last).toContain('Brf Solrosen i Västerås');
    // The 400 x's are cut into lines that fit, none lost.
    expect(last.replace(/[^x]/g, '').length).toBeGreaterThanOrEqual(400);
    expect(pages[0]!.split('\n')[0]).toBe('Avtal om underhållsplanering');
    for (const page of pages) for (const line of page.split('\n')) expect(line.length).toBeLessThan(140);
  });

  it('prints what the standard font cannot encode as "?" instead of failing', async () => {
    const data = agreementData({ organization: { name: 'Brf 🌻 Solrosen 中文 Ünïcödé' }, signer: { name: 'Zoë A\u0308berg', email: 'zoe@example.se' } });
    const pages = await pageTexts(await renderAgreementPdf(data, DEFAULT_TEMPLATE));
    expect(pages[0]).toContain('Brf ? Solrosen ?? Ünïcödé');
    // A decomposed Ä is composed before encoding.
    expect(pages.join('\n')).toContain('Zoë Äberg (zoe@example.se)');
  });
});
