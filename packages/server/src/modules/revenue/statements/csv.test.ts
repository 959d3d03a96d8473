import { describe, expect, it } from 'vitest';
import { parseKronor } from '../amounts.js';
import { CSV_COLUMNS, neutralizeFormula, quote, statementCsv } from './csv.js';
import { parseStatementPeriod } from './period.js';
import { buildStatement } from './statement.js';
import { entries, reseller } from './test-fixture.js';

/** Splits RFC 4180 text with `;` the way Excel does, so the test sees the cells a person would. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ';') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  if (cell !== '' || row.length) throw new Error('CSV does not end with CRLF');
  return rows;
}

describe('statementCsv', () => {
  const statement = buildStatement(parseStatementPeriod('2026-11'), reseller, entries);
  const bytes = Buffer.from(statementCsv(statement), 'utf8');

  it('starts with the UTF-8 byte-order mark and ends every line with CRLF', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('has the Swedish columns, one row per entry and a totals row, in kronor with a decimal comma', () => {
    const rows = readCsv(bytes.toString('utf8').slice(1));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows[0]).toEqual(['Datum', 'Typ', 'Kund', 'Kund-id', 'Licens', 'Licens-id', 'Licensår', 'Listpris', 'Återförsäljarmarginal', 'Leverantörsbelopp', 'Valuta', 'Post-id']);
    expect(rows).toHaveLength(1 + statement.rows.length + 1);
    expect(rows[1]).toEqual(['2026-11-01', 'Försäljning', 'Brf Solrosen', 'cus_rev_1', 'Planima Bostadsrätt', 'lic_brf', '1', '12000,00', '2400,00', '9600,00', 'SEK', 'rev_1']);
    // The quote and the separator in a name survive quoting.
    expect(rows[2]!.slice(2, 3)).toEqual(['Brf "Gärdet" Östra; hus 2']);
    expect(rows[2]!.slice(7, 10)).toEqual(['3333,33', '850,00', '2483,33']);
    // A negative amount stays a number (no formula guard on amounts): a minus and a comma.
    expect(rows[4]!.slice(1, 2).concat(rows[4]!.slice(7, 10))).toEqual(['Återföring', '-5983,56', '-1196,71', '-4786,85']);
    expect(rows[5]!.slice(7, 10)).toEqual(['12000,50', '2400,10', '9600,40']);
    const totals = rows.at(-1)!;
    expect(totals[0]).toBe('Summa');
    expect(totals.slice(7, 10).map(parseKronor)).toEqual([statement.totals.listPrice, statement.totals.resellerMargin, statement.totals.vendorAmount]);
    for (const r of rows.slice(1)) for (const amount of r.slice(7, 10)) expect(amount).toMatch(/^-?\d+,\d{2}$/);
  });

  it('keeps a name that looks like a formula from running', () => {
    const rows = readCsv(bytes.toString('utf8').slice(1));
    expect(rows[3]![2]).toBe('\'=HYPERLINK("http://x")');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutralizeFormula(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(neutralizeFormula('Brf =Solrosen')).toBe('Brf =Solrosen');
  });

  it('quotes per RFC 4180 only what needs it', () => {
    expect(quote('Brf Solrosen')).toBe('Brf Solrosen');
    expect(quote('a;b')).toBe('"a;b"');
    expect(quote('say "hej"')).toBe('"say ""hej"""');
    expect(quote('two\r\nlines')).toBe('"two\r\nlines"');
  });
});
