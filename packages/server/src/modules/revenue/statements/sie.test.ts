import { describe, expect, it } from 'vitest';
import { parseStatementPeriod } from './period.js';
import { readSie, SieFormatError } from './sie-read.js';
import { DEFAULT_SIE_ACCOUNTS, sieAccountMapSchema, statementSie, str, type SieOptions } from './sie.js';
import { buildStatement } from './statement.js';
import { entries, reseller } from './test-fixture.js';

const options: SieOptions = {
  perspective: 'reseller',
  company: reseller,
  generatedAt: new Date('2026-12-02T08:00:00Z'),
  program: { name: 'resellerkit', version: '0.1.0' },
};
const statement = buildStatement(parseStatementPeriod('2026-11'), reseller, entries);

describe('statementSie', () => {
  const bytes = statementSie(statement, options);
  const file = readSie(bytes);

  it('is code page 437: å ä ö Å Ä Ö as PC8 bytes, no UTF-8', () => {
    const buf = Buffer.from(bytes);
    for (const b of [0x86, 0x84, 0x94, 0x8f, 0x99]) expect(buf.includes(b)).toBe(true);
    expect(buf.includes(Buffer.from('ö', 'utf8'))).toBe(false);
    expect(buf.includes(Buffer.from('#VER A 1 20261101 "Brf Solrosen, Planima Bostadsr\x84tt, licens\x86r 1"\r\n{\r\n', 'latin1'))).toBe(true);
  });

  it('has the header in order, for the company and the calendar year', () => {
    const lines = Buffer.from(bytes).toString('latin1').split('\r\n');
    expect(lines.slice(0, 10).map((l) => l.split(' ')[0])).toEqual(['#FLAGGA', '#PROGRAM', '#FORMAT', '#GEN', '#SIETYP', '#ORGNR', '#FNAMN', '#RAR', '#KPTYP', '#VALUTA']);
    expect(file.records.get('#SIETYP')).toEqual([['4']]);
    expect(file.records.get('#GEN')).toEqual([['20261202']]);
    expect(file.records.get('#ORGNR')).toEqual([['556677-8899']]);
    expect(file.records.get('#FNAMN')).toEqual([['Åkesson & Öberg Fastighetssystem AB']]);
    expect(file.records.get('#RAR')).toEqual([['0', '20260101', '20261231']]);
    expect(Object.fromEntries(file.accounts)).toEqual({ '1510': 'Kundfordringar', '2440': 'Leverantörsskulder', '3041': 'Försäljning tjänster', '4010': 'Inköp' });
  });

  it('has one balanced verification per entry whose amounts match the ledger, a reversal mirrored', () => {
    expect(file.verifications).toHaveLength(statement.rows.length);
    file.verifications.forEach((ver, i) => {
      const row = statement.rows[i]!;
      expect(ver.number).toBe(String(i + 1));
      expect(ver.date).toBe(row.date.replaceAll('-', ''));
      expect(ver.text).toContain(row.customerName);
      expect(ver.transactions.reduce((t, tr) => t + tr.amount, 0)).toBe(0);
      expect(ver.transactions).toEqual([
        { account: '1510', amount: row.listPrice },
        { account: '3041', amount: -row.listPrice },
        { account: '4010', amount: row.vendorAmount },
        { account: '2440', amount: -row.vendorAmount },
      ]);
    });
    const reversal = file.verifications[3]!;
    expect(reversal.text).toBe('Återföring Brf Solrosen, Planima Bostadsrätt, licensår 1');
    expect(reversal.transactions.map((t) => t.amount)).toEqual([-598_356, 598_356, -478_685, 478_685]);
    // The quote in a customer's name round-trips through the escape.
    expect(file.verifications[1]!.text).toBe('Brf "Gärdet" Östra; hus 2, Planima Bostadsrätt, licensår 1');
  });

  it('books only the vendor amount, as a sale to the reseller, in the vendor’s books', () => {
    const vendor = readSie(statementSie(statement, { ...options, perspective: 'vendor', company: { name: 'Planima AB', orgNumber: '556000-1111' } }));
    expect([...vendor.accounts.keys()]).toEqual(['1510', '3041']);
    expect(vendor.verifications[0]!.text).toBe(`${reseller.name}: Brf Solrosen, Planima Bostadsrätt, licensår 1`);
    vendor.verifications.forEach((ver, i) =>
      expect(ver.transactions).toEqual([
        { account: '1510', amount: statement.rows[i]!.vendorAmount },
        { account: '3041', amount: -statement.rows[i]!.vendorAmount },
      ]),
    );
  });

  it('uses a reseller’s own accounts, keeping BAS for those it leaves out', () => {
    const accounts = sieAccountMapSchema.parse({ sales: { number: '3001', name: 'Försäljning licenser' } });
    expect(accounts.receivables).toEqual(DEFAULT_SIE_ACCOUNTS.receivables);
    const custom = readSie(statementSie(statement, { ...options, accounts }));
    expect(custom.accounts.get('3001')).toBe('Försäljning licenser');
    expect(custom.verifications[0]!.transactions[1]).toEqual({ account: '3001', amount: -1_200_000 });
  });

  it('refuses an account map that books two roles on one account or a malformed number', () => {
    expect(sieAccountMapSchema.safeParse({ sales: { number: '1510', name: 'X' } }).success).toBe(false);
    expect(sieAccountMapSchema.safeParse({ sales: { number: '30A1', name: 'X' } }).success).toBe(false);
    expect(sieAccountMapSchema.safeParse({ other: { number: '3001', name: 'X' } }).success).toBe(false);
  });

  it('leaves out an entry of nothing and writes no -0', () => {
    const free = buildStatement(parseStatementPeriod('2026-11'), reseller, [{ ...entries[1]!, listPrice: 0, resellerMargin: 0, vendorAmount: 0 }, entries[0]!]);
    const text = Buffer.from(statementSie(free, options)).toString('latin1');
    expect(readSie(Buffer.from(text, 'latin1')).verifications).toHaveLength(1);
    expect(text).not.toContain('-0.00');
  });

  it('escapes quotes, backslashes and line breaks in strings', () => {
    expect(str('a "b" \\ c\r\nd')).toBe('"a \\"b\\" \\\\ c  d"');
  });
});

describe('readSie', () => {
  const header = '#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#KONTO 1510 "K"\r\n#KONTO 3041 "F"\r\n';
  it('refuses a verification that does not balance', () => {
    const text = `${header}#VER A 1 20261101 "x"\r\n{\r\n#TRANS 1510 {} 100.00\r\n#TRANS 3041 {} -99.99\r\n}\r\n`;
    expect(() => readSie(Buffer.from(text, 'latin1'))).toThrow(/does not balance \(off by 1 öre\)/);
  });
  it('refuses an account without #KONTO and a comma decimal', () => {
    expect(() => readSie(Buffer.from(`${header}#VER A 1 20261101 "x"\r\n{\r\n#TRANS 1930 {} 1.00\r\n}\r\n`, 'latin1'))).toThrow(SieFormatError);
    expect(() => readSie(Buffer.from(`${header}#VER A 1 20261101 "x"\r\n{\r\n#TRANS 1510 {} 1,00\r\n}\r\n`, 'latin1'))).toThrow(SieFormatError);
  });
});
