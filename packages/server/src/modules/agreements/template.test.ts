import { describe, expect, it } from 'vitest';
import { agreementData } from './fixtures.testing.js';
import { AgreementTemplateInput, DEFAULT_TEMPLATE, fillTemplate, formatMoney, formatSwedishDate, MAX_TEMPLATE_CHARS, MISSING, PLACEHOLDERS, scanTemplate, structure } from './template.js';

const refusal = (text: string) => {
  const result = AgreementTemplateInput.safeParse({ text });
  expect(result.success).toBe(false);
  for (const issue of result.error!.issues) expect(issue.path).toEqual(['text']);
  return result.error!.issues.map((i) => i.message).join('\n');
};

describe('agreement template', () => {
  it('ships a default that passes its own schema and uses every placeholder', () => {
    expect(AgreementTemplateInput.parse({ text: DEFAULT_TEMPLATE }).text).toBe(DEFAULT_TEMPLATE);
    const used = new Set(scanTemplate(DEFAULT_TEMPLATE).segments.flatMap((s) => (s.kind === 'placeholder' ? [s.name] : [])));
    expect([...used].sort()).toEqual(Object.keys(PLACEHOLDERS).sort());
  });

  it('fills the default with the order: names, organisation numbers, invoicing, price in kronor, term, signer, date', () => {
    const filled = fillTemplate(DEFAULT_TEMPLATE, agreementData());
    expect(filled).not.toContain('{{');
    for (const expected of [
      'Brf Solrosen i Västerås, org.nr 769600-1234 ("Kunden")',
      'Fastighetskonsult Öst AB, org.nr 556000-0002 ("Återförsäljaren")',
      'Planima AB, org.nr 556000-0001 ("Leverantören")',
      'Brf Solrosen, org.nr 769600-1234',
      'Adress: Storgatan 1, 722 11 Västerås',
      'Referens: Åsa Ek',
      'E-post för faktura: faktura@solrosen.se',
      'licensen Planima BRF',
      'är 12\u00a0345,00\u00a0kr exklusive moms',
      'från och med 2026-12-01 i 12 månader',
      'av Åsa Ek (asa@solrosen.se)',
      'daterat 2026-12-01 och har referensen ord_01jtestorder',
    ])
      expect(filled).toContain(expected);
  });

  it('prints a dash for optional data that is absent', () => {
    const data = agreementData();
    const filled = fillTemplate('Ref: {{invoicing.reference}}; adress: {{ invoicing.address }}; org: {{organization.orgNumber}}', {
      ...data,
      invoicing: { ...data.invoicing, reference: null, address: '  ' },
      organization: { name: 'Brf X' },
    });
    expect(filled).toBe(`Ref: ${MISSING}; adress: ${MISSING}; org: ${MISSING}`);
  });

  it('inserts values once: a customer named like a placeholder stays as named', () => {
    const filled = fillTemplate('Kund: {{organization.name}}', agreementData({ organization: { name: '{{vendor.name}} <b>' } }));
    expect(filled).toBe('Kund: {{vendor.name}} <b>');
  });

  it('refuses unknown placeholders, naming each with its line', () => {
    const message = refusal('# Avtal\nKund: {{organisation.name}}\n\nPris: {{licence.price}} och {{organisation.name}}');
    expect(message).toMatch(/unknown placeholders \{\{organisation\.name\}\} \(line 2\), \{\{licence\.price\}\} \(line 4\)/);
    expect(message).toContain('known placeholders: vendor.name');
  });

  it('refuses a "{{" that opens no placeholder', () => {
    expect(refusal('Kund: {{ organization.name }\nDatum: {{date}}')).toMatch(/"\{\{" that opens no placeholder on line 1/);
    expect(refusal('a\nb {{ två ord }}')).toMatch(/line 2/);
    expect(refusal(`{{${'a'.repeat(41)}}}`)).toMatch(/opens no placeholder/);
  });

  it('refuses empty text, control characters and text over the limit', () => {
    expect(refusal(' \n ')).toMatch(/must not be empty/);
    expect(refusal('Avtal\u0007')).toMatch(/control characters/);
    expect(refusal('a'.repeat(MAX_TEMPLATE_CHARS + 1))).toMatch(`at most ${MAX_TEMPLATE_CHARS}`);
    expect(AgreementTemplateInput.safeParse({ text: 'a'.repeat(MAX_TEMPLATE_CHARS) }).success).toBe(true);
  });

  it('stores line breaks as LF whatever the editor sent', () => {
    expect(AgreementTemplateInput.parse({ text: '# A\r\n\r\nB\rC' }).text).toBe('# A\n\nB\nC');
  });

  it('scans hostile text in linear time (no backtracking)', () => {
    const hostile = [
      '{{'.repeat(1_000_000),
      `{{${' '.repeat(2_000_000)}`,
      `{{${'a.'.repeat(1_000_000)}`,
      '{{ a '.repeat(400_000),
      '{{a}'.repeat(500_000),
    ];
    for (const text of hostile) {
      const started = performance.now();
      const { malformed } = scanTemplate(text);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(malformed.length).toBeGreaterThan(0);
    }
    // The schema refuses such text by size before it scans it.
    const started = performance.now();
    expect(AgreementTemplateInput.safeParse({ text: '{{'.repeat(5_000_000) }).success).toBe(false);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('reads title, headings and paragraphs from the markup', () => {
    const doc = structure('# Avtal\n\n## 1. Parter\nRad ett\nrad två\n\n\nStycke två\n# Andra rubriken');
    expect(doc).toEqual({
      title: 'Avtal',
      blocks: [
        { kind: 'heading', text: '1. Parter' },
        { kind: 'paragraph', text: 'Rad ett\nrad två' },
        { kind: 'paragraph', text: 'Stycke två' },
        { kind: 'heading', text: 'Andra rubriken' },
      ],
    });
  });
});

describe('money and dates as the agreement prints them', () => {
  it('writes öre as kronor with non-breaking group spaces', () => {
    expect(formatMoney({ amount: 1_234_500, currency: 'SEK' })).toBe('12\u00a0345,00\u00a0kr');
    expect(formatMoney({ amount: 5, currency: 'SEK' })).toBe('0,05\u00a0kr');
    expect(formatMoney({ amount: 100_000_000, currency: 'SEK' })).toBe('1\u00a0000\u00a0000,00\u00a0kr');
    expect(formatMoney({ amount: 99_900, currency: 'EUR' })).toBe('999,00\u00a0EUR');
  });

  it('dates by the day in Sweden, not in UTC', () => {
    expect(formatSwedishDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(formatSwedishDate(new Date('2026-06-30T21:59:00Z'))).toBe('2026-06-30');
    expect(formatSwedishDate(new Date('2026-06-30T22:00:00Z'))).toBe('2026-07-01');
  });
});
