/**
 * @module A statement as CSV the way Excel in Sweden opens it with a double-click: UTF-8 with a byte-order mark (else
 * Excel reads the bytes as Windows-1252 and å ä ö break), `;` between cells (Swedish Excel's list separator, since the
 * comma is the decimal sign), CRLF, amounts in kronor with a decimal comma. Quoting follows RFC 4180.
 */
import { formatKronor } from '../amounts.js';
import type { Statement, StatementRow } from './statement.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
const BOM = '\uFEFF';
const SEPARATOR = ';';
const EOL = '\r\n';

/** Column headings, in Swedish: the file is opened by the reseller's staff and accountant. */
export const CSV_COLUMNS = ['Datum', 'Typ', 'Kund', 'Kund-id', 'Licens', 'Licens-id', 'Licensår', 'Listpris', 'Återförsäljarmarginal', 'Leverantörsbelopp', 'Valuta', 'Post-id'] as const;

const KIND = { sale: 'Försäljning', reversal: 'Återföring' } as const satisfies Record<StatementRow['kind'], string>;

/** A cell is either text from people (names) or an amount in öre that we format ourselves. */
type Cell = string | { ore: number };

/** The statement as CSV text, BOM first; encode it as UTF-8 (a Hono `c.body(text)` does). */
export function statementCsv(s: Statement): string {
  const lines: Cell[][] = [[...CSV_COLUMNS]];
  for (const r of s.rows) {
    lines.push([r.date, KIND[r.kind], r.customerName, r.customerId, r.licenceName, r.licenceId, String(r.licenceYear), { ore: r.listPrice }, { ore: r.resellerMargin }, { ore: r.vendorAmount }, s.currency, r.entryId]);
  }
  // The totals as a last row, labelled in the first column, so the sums are there when the file is opened.
  lines.push(['Summa', '', '', '', '', '', '', { ore: s.totals.listPrice }, { ore: s.totals.resellerMargin }, { ore: s.totals.vendorAmount }, s.currency, '']);
  return BOM + lines.map((cells) => cells.map(renderCell).join(SEPARATOR)).join(EOL) + EOL;
}

function renderCell(cell: Cell): string {
  // Amounts are ours: digits, one comma and perhaps a leading minus, which must stay a minus for Excel to see a number.
  if (typeof cell !== 'string') return formatKronor(cell.ore, ',');
  return quote(neutralizeFormula(cell));
}

/**
 * A text cell beginning with = + - @ (or a tab or CR, which Excel strips before looking) would be run as a formula
 * (CSV injection, OWASP); a leading apostrophe makes Excel show it as text.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** RFC 4180: a cell holding the separator, a quote or a line break is quoted, and a quote inside is doubled. */
export function quote(text: string): string {
  return /[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
