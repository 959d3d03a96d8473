/** @module .xlsx to spreadsheet rows with exceljs, after the zip guard; values as the file stores them (numbers stay numbers). */
import ExcelJS from 'exceljs';
import { UnprocessableError } from '../../../errors.js';
import { PLAN_LIMITS } from '../model.js';
import { tooManyRows } from './parse-csv.js';
import type { Cell, RawRow } from './validate-rows.js';
import { checkZip } from './zip-guard.js';
import { storedZip } from './zip-store.js';

/** The sheet the template names; otherwise the first one. */
export const PLAN_SHEET = 'Underhållsplan';
/** Rows the file may hold beyond the limit (empty but formatted rows some programs write). */
const ROW_SLACK = 1_000;

/**
 * Parts of a sheet the import never reads. Skipping them also closes exceljs's slow paths: it expands every
 * address of a data-validation or merge range, so `A1:XFD1048576` would pin a CPU for minutes.
 */
const IGNORED = ['dataValidations', 'mergeCells', 'conditionalFormatting', 'hyperlinks', 'drawing', 'picture', 'tableParts', 'extLst', 'autoFilter', 'rowBreaks', 'headerFooter', 'pageSetup', 'printOptions', 'sheetProtection'];

export async function parseXlsx(bytes: Uint8Array, maxDataRows: number = PLAN_LIMITS.maxActions): Promise<RawRow[]> {
  // exceljs reads the archive the guard wrote from what it inflated, never the upload itself.
  const archive = storedZip(checkZip(bytes));
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(archive as never, { ignoreNodes: IGNORED, maxRows: maxDataRows + 1 + ROW_SLACK, maxCols: 200 } as never);
  } catch (err) {
    if (/^Max row count/.test((err as Error).message ?? '')) throw tooManyRows(maxDataRows);
    throw new UnprocessableError('Filen kunde inte läsas som en Excel-fil (.xlsx): den är skadad eller inte en .xlsx-fil.');
  }
  const sheet = wb.getWorksheet(PLAN_SHEET) ?? wb.worksheets[0];
  if (!sheet) throw new UnprocessableError('Filen kunde inte läsas som en Excel-fil (.xlsx): den innehåller inget kalkylblad.');
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: Cell[] = [];
    // row.values is 1-based; a hole is an empty cell.
    const values = row.values as unknown[];
    for (let i = 1; i < values.length; i++) cells.push(toCell(values[i]));
    if (!cells.some((c) => c !== null && c !== '')) return;
    if (rows.length > maxDataRows) throw tooManyRows(maxDataRows);
    rows.push({ row: row.number, cells });
  });
  return rows;
}

/** exceljs's cell value shapes to the few the validator reads. */
function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'boolean') return v ? 'SANT' : 'FALSKT';
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('').trim();
    if ('error' in o) return { error: String(o.error) };
    // Formulas: what the file stores as the last computed result.
    if ('formula' in o || 'sharedFormula' in o) return 'result' in o ? toCell(o.result) : null;
    if (typeof o.text === 'string') return o.text.trim();
  }
  return String(v);
}
