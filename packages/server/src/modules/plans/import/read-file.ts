/** @module Picks the parser for an uploaded plan by its declared type and its first bytes. */
import { UnsupportedMediaTypeError } from '../../../errors.js';
import { parseCsv } from './parse-csv.js';
import { parseXlsx } from './parse-xlsx.js';
import { XLSX_MIME } from './template.js';
import type { RawRow } from './validate-rows.js';
import { isZip } from './zip-guard.js';

const CSV_TYPES = new Set(['text/csv', 'application/csv']);
/** Windows browsers label a .csv as application/vnd.ms-excel when Excel is installed, so that type is sniffed too. */
const BINARY_TYPES = new Set([XLSX_MIME, 'application/octet-stream', 'application/vnd.ms-excel']);
/** The old binary .xls (an OLE compound file) that Excel still offers to save as. */
const OLE = [0xd0, 0xcf, 0x11, 0xe0];

export const ACCEPTED_TYPES = ['text/csv', XLSX_MIME, 'application/octet-stream'];

/** The type is checked before the body is read, so a wrong one costs nothing. */
export function checkUploadType(contentType: string | undefined): string {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!CSV_TYPES.has(type) && !BINARY_TYPES.has(type)) {
    throw new UnsupportedMediaTypeError(`Send the plan as Content-Type ${ACCEPTED_TYPES.join(', ')} (a ;-separated CSV or an .xlsx file).`);
  }
  return type;
}

/** A zip is an .xlsx whatever it was declared as (browsers label files loosely); anything else is read as CSV unless it is an old .xls. */
export async function readPlanFile(type: string, bytes: Uint8Array): Promise<RawRow[]> {
  if (OLE.every((b, i) => bytes[i] === b)) throw new UnsupportedMediaTypeError('Gamla .xls-filer stöds inte. Spara filen som Excel-arbetsbok (.xlsx) eller CSV och försök igen.');
  if (isZip(bytes) || type === XLSX_MIME) return parseXlsx(bytes);
  return parseCsv(bytes);
}
