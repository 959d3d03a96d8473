import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineTotal, parseScaledNumber, parseScaledText } from '../src/modules/plans/import/numbers.js';
import { parseCsv } from '../src/modules/plans/import/parse-csv.js';
import { buildTemplate } from '../src/modules/plans/import/template.js';
import { headerName } from '../src/modules/plans/import/validate-rows.js';
import { checkZip } from '../src/modules/plans/import/zip-guard.js';
import { storedZip } from '../src/modules/plans/import/zip-store.js';
import { canonicalCategory, canonicalUnit, PLAN_CATEGORIES } from '../src/modules/plans/model.js';
import { decoyDirectoryArchive, endRecord, splitZip, zip } from './plans-fixtures.js';

describe('Swedish and plain numbers to exact integers', () => {
  it.each([
    ['1 234,50', 2, 123450],
    ['1\u00A0234,50', 2, 123450],
    ['1\u202F234,5', 2, 123450],
    ['1\u2009234', 2, 123400],
    ['12 345 678,9', 2, 1234567890],
    ['1234.5', 2, 123450],
    ['0,1', 2, 10],
    ['385 kr', 2, 38500],
    ['12,5', 3, 12500],
    ['0,001', 3, 1],
    ['7', 3, 7000],
    ['2,500', 2, 250],
  ])('%s at scale %i is %i', (text, scale, expected) => {
    expect(parseScaledText(text, scale)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['1,234', 2, 'decimals'],
    ['12 34', 2, 'format'],
    ['1.234,50', 2, 'format'],
    ['abc', 2, 'format'],
    ['', 2, 'format'],
    ['-5', 2, 'negative'],
    ['1e3', 2, 'format'],
  ])('refuses %s (%s)', (text, scale, reason) => {
    expect(parseScaledText(text, scale)).toEqual({ ok: false, reason });
  });

  it('reads stored doubles as the 15 digits a spreadsheet shows', () => {
    expect(parseScaledNumber(0.1 + 0.2, 2)).toEqual({ ok: true, value: 30 });
    expect(parseScaledNumber(1234.5, 2)).toEqual({ ok: true, value: 123450 });
    expect(parseScaledNumber(12.345, 3)).toEqual({ ok: true, value: 12345 });
    expect(parseScaledNumber(12.3456, 3)).toEqual({ ok: false, reason: 'decimals' });
    expect(parseScaledNumber(1e-7, 3)).toEqual({ ok: false, reason: 'decimals' });
  });

  it('rounds quantity × price half up to whole öre without floats', () => {
    expect(lineTotal(12_500, 123_450)).toBe(1_543_125);
    expect(lineTotal(1, 500)).toBe(1); // 0,001 × 5 kr = 0,5 öre → 1
    expect(lineTotal(1, 499)).toBe(0);
    expect(lineTotal(1_000_000_000, 1_000_000_000)).toBe(1_000_000_000_000_000); // past 2^53 in the product, exact in the result
  });
});

describe('CSV rows', () => {
  it('handles BOM, quotes, ; and line breaks inside quotes, and counts rows as a spreadsheet does', () => {
    const text = '\uFEFFa;b\r\n"x;y";"he said ""hi"""\r\n\r\n"two\nlines";z\n  padded  ;" kept "\n';
    expect(parseCsv(Buffer.from(text, 'utf8'))).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['x;y', 'he said "hi"'] },
      { row: 4, cells: ['two\nlines', 'z'] },
      { row: 5, cells: ['padded', ' kept '] },
    ]);
  });

  it('reads Windows-1252 (Swedish Excel CSV) without losing å, ä, ö', () => {
    const bytes = Buffer.from([0xc5, 0x74, 0x67, 0xe4, 0x72, 0x64]);
    expect(parseCsv(bytes)).toEqual([{ row: 1, cells: ['Åtgärd'] }]);
  });

  it('stops at the row limit', () => {
    const lines = (n: number) => Buffer.from(['h', ...Array.from({ length: n }, (_, i) => `r${i}`)].join('\n'));
    expect(parseCsv(lines(3), 3)).toHaveLength(4);
    expect(() => parseCsv(lines(4), 3)).toThrow(/fler än 3 rader/);
  });

  it('refuses an unterminated quote with its row', () => {
    expect(() => parseCsv(Buffer.from('a;b\n"open;x\n'))).toThrow(/Rad 2/);
  });
});

describe('the linear parsers read short text as the plain definitions do', () => {
  // The plain definitions re-trim a growing cell or backtrack from every position: quadratic or worse on a long hostile
  // cell, exact on a short one. The parsers must agree with them on everything short.
  function csvByDefinition(text: string) {
    const rows: { row: number; cells: string[] }[] = [];
    let cells: string[] = [];
    let cell = '';
    let quoted = false;
    let wasQuoted = false;
    let record = 1;
    const endCell = () => {
      cells.push(wasQuoted ? cell : cell.trim());
      cell = '';
      wasQuoted = false;
    };
    const endRecord = () => {
      endCell();
      if (cells.some((c) => c !== '')) rows.push({ row: record, cells });
      cells = [];
      record++;
    };
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (quoted) {
        if (ch === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i++;
          } else quoted = false;
        } else cell += ch;
      } else if (ch === '"' && cell.trim() === '') {
        quoted = wasQuoted = true;
        cell = '';
      } else if (ch === ';') endCell();
      else if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && text[i + 1] === '\n') i++;
        endRecord();
      } else cell += ch;
    }
    if (quoted) return 'unterminated';
    if (cell !== '' || cells.length > 0) endRecord();
    return rows;
  }
  const text = (alphabet: string[]) => fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 24 });

  it('splits CSV as the definition does', () => {
    fc.assert(
      fc.property(text(['a', ' ', '\u00A0', '"', ';', '\n', '\r']), (t) => {
        let parsed: unknown;
        try {
          parsed = parseCsv(Buffer.from(t, 'utf8'));
        } catch {
          parsed = 'unterminated';
        }
        expect(parsed).toEqual(csvByDefinition(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads amounts as the patterns did', () => {
    const amountByDefinition = (text: string) => {
      const t = text.replace(/[\u0020\u00A0\u202F\u2009\u2007]/g, ' ').trim().replace(/\s*(kr|:-)$/i, '');
      const m = /^(-)?(\d{1,3}(?: \d{3})+|\d+)(?:[.,](\d+))?$/.exec(t);
      if (!m) return { ok: false, reason: 'format' };
      const decimals = (m[3] ?? '').replace(/0+$/, '');
      if (decimals.length > 2) return { ok: false, reason: 'decimals' };
      const value = Number(m[2]!.replaceAll(' ', '') + decimals.padEnd(2, '0'));
      return m[1] && value !== 0 ? { ok: false, reason: 'negative' } : { ok: true, value };
    };
    fc.assert(
      fc.property(text(['1', '2', '0', ' ', '\u00A0', ',', 'k', 'r', 'K', ':', '-', 'x']), (t) => {
        expect(parseScaledText(t, 2)).toEqual(amountByDefinition(t));
      }),
      { numRuns: 2000 },
    );
  });

  it('compares header names as the pattern did', () => {
    const headerByDefinition = (s: string) => s.trim().replace(/\s*\(.*\)$/, '').replace(/\s+/g, ' ').toLocaleLowerCase('sv');
    fc.assert(
      fc.property(text(['S', 'k', ' ', '(', ')', '\n', '\u2028', 'å']), (t) => {
        expect(headerName(t)).toBe(headerByDefinition(t));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the zip guard', () => {
  it('accepts an honest archive', () => {
    expect(() => checkZip(zip([{ name: 'a.xml', data: Buffer.alloc(10_000, 'a') }]))).not.toThrow();
  });
  it('refuses an archive whose declared sizes add up past the bound, before inflating', () => {
    const entries = [
      { name: 'a.xml', data: Buffer.from('x'), declaredSize: 100 * 1024 * 1024 },
      { name: 'b.xml', data: Buffer.from('x'), declaredSize: 100 * 1024 * 1024 },
    ];
    expect(() => checkZip(zip(entries))).toThrow(expect.objectContaining({ status: 413 }));
  });
  it('refuses an entry that inflates past what its header declares', () => {
    expect(() => checkZip(zip([{ name: 'a.xml', data: Buffer.alloc(1024 * 1024), declaredSize: 100 }]))).toThrow(expect.objectContaining({ status: 413 }));
  });
  const unprocessable = expect.objectContaining({ status: 422 });
  const data = Buffer.alloc(10_000, 'a');
  const sheetValues = async (archive: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(archive as never);
    return wb.worksheets.map((ws) => [ws.name, ws.getSheetValues()]);
  };

  it('hands exceljs exactly the entries it checked: the template reads the same through the guard', async () => {
    const template = Buffer.from(await buildTemplate());
    const entries = checkZip(template);
    expect(entries.map((e) => e.name.toString())).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/worksheets/sheet1.xml']));
    expect(await sheetValues(storedZip(entries))).toEqual(await sheetValues(template));
    // The archive handed on is itself one the guard accepts, entry for entry.
    expect(checkZip(storedZip(entries))).toEqual(entries);
  });

  it('refuses a decoy directory in front of the real one, which exceljs would read instead', async () => {
    const template = Buffer.from(await buildTemplate());
    const bypass = decoyDirectoryArchive(template);
    // The fixture is the bypass: exceljs (JSZip) shifts every offset by the gap and reads the template's sheets.
    expect((await sheetValues(bypass)).map(([name]) => name)).toEqual(['Underhållsplan', 'Instruktioner']);
    expect(() => checkZip(bypass)).toThrow(unprocessable);
  });

  it('refuses overlapping entries, prepended bytes, gaps, trailing bytes and duplicate names', () => {
    const one = splitZip(zip([{ name: 'a.xml', data }]));
    const overlapping = Buffer.concat([one.body, one.directory, one.directory, endRecord(2, one.directory.length * 2, one.body.length)]);
    const prepended = zip([{ name: 'a.xml', data, before: Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(60)]) }]);
    const gap = zip([{ name: 'a.xml', data }, { name: 'b.xml', data, before: Buffer.alloc(16) }]);
    const trailing = Buffer.concat([zip([{ name: 'a.xml', data }]), Buffer.from('trailing')]);
    const duplicate = zip([{ name: 'a.xml', data }, { name: 'a.xml', data: Buffer.from('other') }]);
    for (const archive of [overlapping, prepended, gap, trailing, duplicate]) expect(() => checkZip(archive)).toThrow(unprocessable);
  });

  it('refuses local headers and data descriptors that disagree with the directory, and accepts ones that agree', () => {
    expect(() => checkZip(zip([{ name: 'xl/worksheets/sheet1.xml', localName: 'xl/decoy.xml', data }]))).toThrow(unprocessable);
    for (const signature of [true, false]) {
      expect(checkZip(zip([{ name: 'a.xml', data, descriptor: { signature } }, { name: 'b.xml', data }])).map((e) => e.data)).toEqual([data, data]);
      expect(() => checkZip(zip([{ name: 'a.xml', data, descriptor: { signature, size: 100 } }, { name: 'b.xml', data }]))).toThrow(unprocessable);
    }
  });

  it('calls truncated and garbage archives unprocessable', () => {
    const good = zip([{ name: 'a.xml', data: Buffer.alloc(10_000, 'a') }]);
    expect(() => checkZip(good.subarray(0, good.length - 30))).toThrow(expect.objectContaining({ status: 422 }));
    expect(() => checkZip(Buffer.from('PK\u0003\u0004 not really a zip'))).toThrow(expect.objectContaining({ status: 422 }));
  });
});

describe('the plan vocabulary', () => {
  it('has the vendor’s 16 categories, matched in any case', () => {
    expect(PLAN_CATEGORIES).toHaveLength(16);
    expect(canonicalCategory('  VÄRME  OCH kyla ')).toBe('Värme och kyla');
    expect(canonicalCategory('Fasader')).toBeNull();
    expect(canonicalUnit('M²')).toBe('m2');
  });
});
