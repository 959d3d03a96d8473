/** @module `;`-separated CSV to spreadsheet rows: UTF-8 with or without BOM, quoted fields, row numbers as a spreadsheet shows them. */
import { UnprocessableError } from '../../errors.js';
import { PLAN_LIMITS } from '../plan-categories.js';
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
 */
export function parseCsv(bytes: Uint8Array, maxDataRows: number = PLAN_LIMITS.maxActions): RawRow[] {
  const text = decodeText(bytes);
  const rows: RawRow[] = [];
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
    if (cells.some((c) => c !== '')) {
      if (rows.length > maxDataRows) throw tooManyRows(maxDataRows);
      rows.push({ row: record, cells });
    }
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
      quoted = true;
      wasQuoted = true;
      cell = '';
    } else if (ch === ';') endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else cell += ch;
  }
  if (quoted) throw new UnprocessableError(`Rad ${record}: ett citattecken (") öppnas men stängs aldrig.`, [{ row: record, message: 'Ett citattecken (") öppnas men stängs aldrig.' }]);
  if (cell !== '' || cells.length > 0) endRecord();
  return rows;
}

export function tooManyRows(max: number) {
  return new UnprocessableError(`Filen har fler än ${max.toLocaleString('sv-SE')} rader; dela upp den i flera importer.`);
}
