/** @module The downloadable import template: a real .xlsx with the columns, two example rows, drop-down lists and Swedish instructions. */
import ExcelJS from 'exceljs';
import { DEFAULT_STATUS, PLAN_CATEGORIES, PLAN_LIMITS, PLAN_STATUSES, PLAN_UNITS } from '../model.js';
import { PLAN_SHEET } from './parse-xlsx.js';
import { COLUMNS } from './validate-rows.js';

export const TEMPLATE_FILENAME = 'underhallsplan-importmall.xlsx';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const EXAMPLES = [
  ['Solrosen 1', 'Hus A', 'Fasad', 'Norra fasaden', 'Omfogning av tegelfasad', 2027, 30, 12.5, 'm2', 1234.5, 'planerad', 'Offert begärd'],
  ['Solrosen 1', 'Hus A', 'Yttertak', 'Hela taket', 'Byte av takpapp', 2029, 25, 420, 'm2', 385, 'utkast', null],
];
const WIDTHS = [18, 14, 24, 20, 36, 8, 10, 10, 8, 14, 12, 18];
/** Drop-downs cover this many rows; longer plans still import, they just lose the list below it. */
const VALIDATED_ROWS = 5_000;

const INSTRUCTIONS = [
  'Så fyller du i importmallen för underhållsplanen',
  '',
  `1. Fyll i en åtgärd per rad på bladet "${PLAN_SHEET}". Låt rubrikraden (rad 1) stå kvar och ta bort de två exempelraderna.`,
  '2. Fastighet, Byggnad, Kategori, Läge, Åtgärd, År, Mängd, Enhet och Styckpris måste fyllas i. Intervall, Status och Märkning får lämnas tomma.',
  `3. Kategori, Enhet och Status väljs ur listorna i cellen (se också listorna till höger). Stora och små bokstäver spelar ingen roll.`,
  `4. År är ett årtal mellan ${PLAN_LIMITS.yearMin} och ${PLAN_LIMITS.yearMax}. Intervall är antal år mellan återkommande åtgärder (${PLAN_LIMITS.intervalMin}–${PLAN_LIMITS.intervalMax}).`,
  '5. Mängd får ha upp till tre decimaler, t.ex. 12,5. Styckpris anges i kronor med högst två decimaler, t.ex. 1 234,50.',
  '   Totalen (mängd × styckpris) räknas ut vid importen och avrundas till hela ören.',
  `6. Status lämnas tom för "${DEFAULT_STATUS}".`,
  `7. Högst ${PLAN_LIMITS.maxActions.toLocaleString('sv-SE')} rader och 10 MB per fil. Spara som Excel-arbetsbok (.xlsx) eller som CSV med semikolon (;) som avgränsare.`,
  '8. Importen läser in alla rader eller ingen: om någon rad är felaktig får du en lista med radnummer, kolumn och vad som ska rättas.',
  '   Med en provimport (dryRun) ser du resultatet utan att något sparas.',
];

/** Builds the template; it is the same for everyone, so callers may keep the bytes. */
export async function buildTemplate(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'resellerkit';
  const sheet = wb.addWorksheet(PLAN_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const help = wb.addWorksheet('Instruktioner');

  sheet.columns = COLUMNS.map((header, i) => ({ header, key: header, width: WIDTHS[i] }));
  sheet.getRow(1).font = { bold: true };
  for (const r of EXAMPLES) sheet.addRow(r);
  sheet.getColumn('År').numFmt = '0';
  sheet.getColumn('Intervall').numFmt = '0';
  sheet.getColumn('Mängd').numFmt = '#,##0.###';
  sheet.getColumn('Styckpris').numFmt = '#,##0.00';

  // The lists live on the instructions sheet: readers see the allowed values, and Excel's 255-character limit on inline lists does not bind.
  help.getColumn(1).width = 110;
  INSTRUCTIONS.forEach((line, i) => (help.getCell(i + 1, 1).value = line));
  help.getCell(1, 1).font = { bold: true, size: 14 };
  // exceljs writes a range validation as one sqref, but its typings only know per-cell validations.
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  const lists: [string, readonly string[], string][] = [
    ['Kategori', PLAN_CATEGORIES, 'C'],
    ['Enhet', PLAN_UNITS, 'D'],
    ['Status', PLAN_STATUSES, 'E'],
  ];
  lists.forEach(([title, values, col]) => {
    help.getColumn(col).width = 26;
    help.getCell(`${col}1`).value = title;
    help.getCell(`${col}1`).font = { bold: true };
    values.forEach((v, i) => (help.getCell(`${col}${i + 2}`).value = v));
    const target = String.fromCharCode(65 + COLUMNS.indexOf(title as (typeof COLUMNS)[number]));
    validations.add(`${target}2:${target}${VALIDATED_ROWS + 1}`, {
      type: 'list',
      allowBlank: title === 'Status',
      formulae: [`Instruktioner!$${col}$2:$${col}$${values.length + 1}`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: `Okänd ${title.toLowerCase()}`,
      error: `Välj ${title.toLowerCase()} ur listan.`,
    });
  });
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
