/** @module Spreadsheet rows to plan actions: every cell checked by its column, every problem reported in Swedish with its row and column. */
import {
  canonicalCategory,
  canonicalStatus,
  canonicalUnit,
  DEFAULT_STATUS,
  MAX_ISSUES,
  PLAN_CATEGORIES,
  PLAN_LIMITS,
  PLAN_STATUSES,
  PLAN_UNITS,
  quantityInRange,
  totalInRange,
  type PlanActionInput,
} from '../model.js';
import { MULTI_LINE_CONTROL } from '../../../contract/text.js';
import { parseScaledNumber, parseScaledText, type Scaled } from './numbers.js';

/** A cell as the parsers hand it over: text, a number as stored, a date, empty, or a spreadsheet error such as #REF!. */
export type Cell = string | number | Date | null | { error: string };
/** One non-empty row; `row` is the number a spreadsheet shows (the header is row 1). */
export interface RawRow {
  row: number;
  cells: Cell[];
}
export interface ImportIssue {
  row: number;
  column: string;
  message: string;
}

/** The template's and the import's columns, in this order. */
export const COLUMNS = ['Fastighet', 'Byggnad', 'Kategori', 'Läge', 'Åtgärd', 'År', 'Intervall', 'Mängd', 'Enhet', 'Styckpris', 'Status', 'Märkning'] as const;
export type Column = (typeof COLUMNS)[number];

export { MAX_ISSUES };

const nf = (n: number) => n.toLocaleString('sv-SE');

/**
 * A header name as compared: case, runs of spaces and a trailing unit in parentheses ("Styckpris (kr)") do not matter.
 * The unit is cut at the first "(" on the last line of a cell ending in ")", found with indexOf: a pattern such as
 * `\s*\(.*\)$` retries from every "(" and is quadratic in a hostile header cell.
 */
export function headerName(s: string): string {
  let t = s.trim();
  if (t.endsWith(')')) {
    const open = t.indexOf('(', lastLineBreak(t) + 1);
    if (open >= 0) t = t.slice(0, open).trimEnd();
  }
  return t.replace(/\s+/g, ' ').toLocaleLowerCase('sv');
}

/** The last line terminator (which `.` in a pattern would not cross), or -1. */
function lastLineBreak(s: string): number {
  return Math.max(s.lastIndexOf('\n'), s.lastIndexOf('\r'), s.lastIndexOf('\u2028'), s.lastIndexOf('\u2029'));
}

export interface ValidatedRows {
  actions: { row: number; action: PlanActionInput }[];
  issues: ImportIssue[];
  /** All problems found, also those beyond MAX_ISSUES. */
  issueCount: number;
}

export function validateRows(rows: RawRow[]): ValidatedRows {
  const issues: ImportIssue[] = [];
  let issueCount = 0;
  const report = (row: number, column: string, message: string) => {
    issueCount++;
    if (issues.length < MAX_ISSUES) issues.push({ row, column, message });
  };
  const header = rows[0];
  if (!header) {
    report(1, COLUMNS[0], 'Filen är tom. Första raden ska vara rubrikraden: ' + COLUMNS.join('; ') + '.');
    return { actions: [], issues, issueCount };
  }
  const index = headerIndex(header, report);
  if (!index) return { actions: [], issues, issueCount };
  if (rows.length === 1) report(header.row + 1, COLUMNS[0], 'Filen innehåller inga åtgärder under rubrikraden.');

  const actions: ValidatedRows['actions'] = [];
  for (const r of rows.slice(1)) {
    let ok = true;
    const fail = (column: Column, message: string) => {
      ok = false;
      report(r.row, column, message);
    };
    const cell = (c: Column) => r.cells[index[c]] ?? null;
    const text = (c: Column, max: number, required: boolean) => readText(cell(c), c, max, required, fail);

    const property = text('Fastighet', PLAN_LIMITS.textMax, true);
    const building = text('Byggnad', PLAN_LIMITS.textMax, true);
    const categoryText = text('Kategori', PLAN_LIMITS.textMax, true);
    const category = categoryText === null ? null : canonicalCategory(categoryText);
    if (categoryText !== null && !category) fail('Kategori', `Okänd kategori "${categoryText}". Välj en av: ${PLAN_CATEGORIES.join(', ')}.`);
    const location = text('Läge', PLAN_LIMITS.textMax, true);
    const actionText = text('Åtgärd', PLAN_LIMITS.actionTextMax, true);
    const year = readInteger(cell('År'), PLAN_LIMITS.yearMin, PLAN_LIMITS.yearMax, true, () =>
      fail('År', `År måste vara ett årtal mellan ${PLAN_LIMITS.yearMin} och ${PLAN_LIMITS.yearMax}, t.ex. 2027.`),
    );
    const intervalYears = readInteger(cell('Intervall'), PLAN_LIMITS.intervalMin, PLAN_LIMITS.intervalMax, false, () =>
      fail('Intervall', `Intervall måste vara ett helt antal år mellan ${PLAN_LIMITS.intervalMin} och ${PLAN_LIMITS.intervalMax}, eller lämnas tom.`),
    );
    const quantityMilli = readQuantity(cell('Mängd'), fail);
    const unitText = text('Enhet', PLAN_LIMITS.textMax, true);
    const unit = unitText === null ? null : canonicalUnit(unitText);
    if (unitText !== null && !unit) fail('Enhet', `Okänd enhet "${unitText}". Välj en av: ${PLAN_UNITS.join(', ')}.`);
    const unitPrice = readPrice(cell('Styckpris'), fail);
    if (quantityMilli !== null && unitPrice !== null && !totalInRange(quantityMilli, unitPrice)) {
      fail('Styckpris', `Totalen (mängd × styckpris) får vara högst ${nf(PLAN_LIMITS.maxTotal / 100)} kr.`);
    }
    const statusText = text('Status', PLAN_LIMITS.textMax, false);
    const status = statusText === null ? DEFAULT_STATUS : canonicalStatus(statusText);
    if (!status) fail('Status', `Okänd status "${statusText}". Välj en av: ${PLAN_STATUSES.join(', ')}, eller lämna tom (${DEFAULT_STATUS}).`);
    const marking = text('Märkning', PLAN_LIMITS.textMax, false);

    if (ok) {
      actions.push({
        row: r.row,
        action: { property: property!, building: building!, category: category!, location: location!, action: actionText!, year: year!, intervalYears, quantityMilli: quantityMilli!, unit: unit!, unitPrice: unitPrice!, status: status!, marking },
      });
    }
  }
  return { actions, issues, issueCount };
}

/** Finds each column by its header name (case, spaces and a unit in parentheses such as "Styckpris (kr)" do not matter). */
function headerIndex(header: RawRow, report: (row: number, column: string, message: string) => void): Record<Column, number> | null {
  const found = new Map<string, number>();
  header.cells.forEach((c, i) => {
    if (typeof c === 'string' && !found.has(headerName(c))) found.set(headerName(c), i);
  });
  const missing = COLUMNS.filter((c) => !found.has(headerName(c)));
  if (missing.length === COLUMNS.length) {
    report(header.row, COLUMNS[0], `Första raden ska vara rubrikraden med kolumnerna ${COLUMNS.join('; ')}. Ladda ner importmallen för att se hur den ser ut.`);
    return null;
  }
  for (const c of missing) report(header.row, c, `Kolumnen "${c}" saknas i rubrikraden.`);
  if (missing.length) return null;
  return Object.fromEntries(COLUMNS.map((c) => [c, found.get(headerName(c))!])) as Record<Column, number>;
}


function readText(v: Cell, column: Column, max: number, required: boolean, fail: (c: Column, m: string) => void): string | null {
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    fail(column, `${column}: cellen innehåller felet ${v.error}.`);
    return null;
  }
  const s = v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'number' ? String(v) : v.replace(MULTI_LINE_CONTROL, '').trim();
  if (s === '') {
    if (required) fail(column, `${column} saknas; fältet får inte vara tomt.`);
    return null;
  }
  if (s.length > max) {
    fail(column, `${column} får vara högst ${max} tecken (är ${s.length}).`);
    return null;
  }
  return s;
}

/** Whole numbers: a number cell that is an integer, or text of digits. Calls `bad` and gives null for anything else. */
function readInteger(v: Cell, min: number, max: number, required: boolean, bad: () => void): number | null {
  if (v === null || v === '') {
    if (required) bad();
    return null;
  }
  let n: number | null = null;
  if (typeof v === 'number') n = Number.isInteger(v) ? v : null;
  else if (typeof v === 'string') {
    const s = v.replace(/[\u0020\u00A0\u202F\u2009\u2007]/g, '');
    n = /^\d{1,6}$/.test(s) ? Number(s) : null;
  }
  if (n === null || n < min || n > max) {
    bad();
    return null;
  }
  return n;
}

function readScaled(v: Cell, scale: number): Scaled {
  if (typeof v === 'number') return parseScaledNumber(v, scale);
  if (typeof v === 'string') return parseScaledText(v, scale);
  return { ok: false, reason: 'format' };
}

function readQuantity(v: Cell, fail: (c: Column, m: string) => void): number | null {
  if (v === null || v === '') return fail('Mängd', 'Mängd saknas; ange ett tal, t.ex. 12,5.'), null;
  const r = readScaled(v, PLAN_LIMITS.quantityScale);
  if (!r.ok) {
    const why = { format: 'Mängd måste vara ett tal, t.ex. 12,5 eller 1 200.', decimals: 'Mängd får ha högst tre decimaler.', negative: 'Mängd får inte vara negativ.' };
    return fail('Mängd', why[r.reason]), null;
  }
  if (r.value === 0) return fail('Mängd', 'Mängd måste vara större än 0.'), null;
  if (!quantityInRange(r.value)) return fail('Mängd', `Mängd får vara högst ${nf(PLAN_LIMITS.maxQuantity)}.`), null;
  return r.value;
}

function readPrice(v: Cell, fail: (c: Column, m: string) => void): number | null {
  if (v === null || v === '') return fail('Styckpris', 'Styckpris saknas; ange ett belopp i kronor, t.ex. 1 234,50.'), null;
  const r = readScaled(v, 2);
  if (!r.ok) {
    const why = {
      format: 'Styckpris måste vara ett belopp i kronor, t.ex. 1 234,50.',
      decimals: 'Styckpris får ha högst två decimaler (hela ören).',
      negative: 'Styckpris får inte vara negativt.',
    };
    return fail('Styckpris', why[r.reason]), null;
  }
  if (r.value > PLAN_LIMITS.maxUnitPrice) return fail('Styckpris', `Styckpris får vara högst ${nf(PLAN_LIMITS.maxUnitPrice / 100)} kr.`), null;
  return r.value;
}
