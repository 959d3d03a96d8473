/** @module `;`-separated CSV to spreadsheet rows: UTF-8 with or without BOM, quoted fields, row numbers as a spreadsheet shows them. */
import { UnprocessableError } from '../../../errors.js';
import { PLAN_LIMITS } from '../model.js';
import type { RawRow } from './validate-rows.js';

/**
 * Decodes the bytes: UTF-8 (a BOM is dropped). Swedish Excel's "CSV (semikolonavgränsad)" writes Windows-1252,
 * which is not valid UTF-8; reading it as such keeps å, ä and ö instead of refusing the file.
 */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * Splits CSV text into rows of cells. A record is one spreadsheet row even when a quoted cell holds a line break,
 * so `row` counts records from 1 (the header). Empty records are skipped but still counted.
 *
 * One pass, linear in the text: plain runs are cut out with `slice` rather than grown a character at a time, a quoted
 * cell is found with `indexOf`, and whether a quote may open a quoted cell is a flag kept as the cell grows, so no
 * character is looked at twice whatever the file holds.
 */
export function parseCsv(bytes: Uint8Array, maxDataRows: number = PLAN_LIMITS.maxActions): RawRow[] {
  const text = decodeText(bytes);
  const rows: RawRow[] = [];
  let cells: string[] = [];
  /** The cell's text up to `start`; from `start` on it is a plain run not yet cut out. */
  let cell = '';
  let start = 0;
  /** Nothing but whitespace so far: a quote here opens a quoted cell (leading spaces before it are dropped). */
  let blank = true;
  let wasQuoted = false;
  let record = 1;
  const endCell = (end: number) => {
    cell += text.slice(start, end);
    cells.push(wasQuoted ? cell : cell.trim());
    cell = '';
    start = end + 1;
    blank = true;
    wasQuoted = false;
  };
  const endRecord = (end: number) => {
    endCell(end);
    if (cells.some((c) => c !== '')) {
      if (rows.length > maxDataRows) throw tooManyRows(maxDataRows);
      rows.push({ row: record, cells });
    }
    cells = [];
    record++;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === SEMICOLON) endCell(i);
    else if (ch === LF || ch === CR) {
      endRecord(i);
      if (ch === CR && text.charCodeAt(i + 1) === LF) start = ++i + 1;
    } else if (ch === QUOTE && blank) {
      const close = closingQuote(text, i + 1);
      if (close < 0) throw new UnprocessableError(`Rad ${record}: ett citattecken (") öppnas men stängs aldrig.`, [{ row: record, message: 'Ett citattecken (") öppnas men stängs aldrig.' }]);
      cell = text.slice(i + 1, close).replaceAll('""', '"');
      blank = !NOT_SPACE.test(cell);
      wasQuoted = true;
      i = close;
      start = close + 1;
    } else if (blank && !SPACE.test(text[i]!)) blank = false;
  }
  if (cell !== '' || start < text.length || cells.length > 0) endRecord(text.length);
  return rows;
}

const SEMICOLON = 0x3b;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** The whitespace `trim()` removes, so "only spaces so far" means what trimming the cell would. */
const SPACE = /\s/;
const NOT_SPACE = /\S/;

/** The quote that closes a quoted cell opened just before `from`: the first `"` not doubled; -1 when none does. */
function closingQuote(text: string, from: number): number {
  for (let at = from; ; ) {
    const q = text.indexOf('"', at);
    if (q < 0 || text.charCodeAt(q + 1) !== QUOTE) return q;
    at = q + 2;
  }
}

export function tooManyRows(max: number) {
  return new UnprocessableError(`Filen har fler än ${max.toLocaleString('sv-SE')} rader; dela upp den i flera importer.`);
}
