/**
 * @module Checks an .xlsx (a zip archive) before any library inflates it: reads the central directory itself and refuses
 * archives that would inflate past a bound, including ones whose headers understate what their data inflates to.
 */
import { inflateRawSync } from 'node:zlib';
import { PayloadTooLargeError, UnprocessableError } from '../../errors.js';

/** All entries together may inflate to at most this: a 20 000-row sheet is 10–20 MB of XML, and every parsed byte costs several in memory. */
export const MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 5_000;
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const corrupt = () => new UnprocessableError('Filen kunde inte läsas som en Excel-fil (.xlsx): den är skadad eller inte en .xlsx-fil.');
const tooBig = () => new PayloadTooLargeError(`Filen packas upp till mer än ${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB; spara planen i en mindre fil.`);

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Throws 413 for an archive that inflates past the bound and 422 for one that is damaged or uses features an .xlsx never needs. */
export function checkZip(bytes: Uint8Array, maxTotal = MAX_UNCOMPRESSED_BYTES): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isZip(buf)) throw corrupt();
  // The end-of-central-directory record sits in the last 22 bytes plus an optional comment of up to 65 535 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  // ZIP64 markers: no 10 MB spreadsheet needs them, and they are how bombs hide their sizes.
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) throw corrupt();
  if (count > MAX_ENTRIES || cdOffset + cdSize > eocd) throw corrupt();

  // First the directory alone: its declared sizes must fit the bound before a single byte is inflated.
  const entries: { method: number; compressed: number; declared: number; localOffset: number }[] = [];
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== CENTRAL) throw corrupt();
    const flags = buf.readUInt16LE(p + 8);
    const entry = { method: buf.readUInt16LE(p + 10), compressed: buf.readUInt32LE(p + 20), declared: buf.readUInt32LE(p + 24), localOffset: buf.readUInt32LE(p + 42) };
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (flags & 0x1) throw new UnprocessableError('Filen är lösenordsskyddad; spara den utan lösenord och försök igen.');
    if (entry.declared === 0xffffffff || entry.compressed === 0xffffffff) throw tooBig();
    total += entry.declared;
    if (total > maxTotal) throw tooBig();
    entries.push(entry);
  }

  // Then each entry's data must inflate to exactly what the directory declared.
  for (const { method, compressed, declared, localOffset } of entries) {
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) throw corrupt();
    const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (start + compressed > buf.length) throw corrupt();
    const data = buf.subarray(start, start + compressed);
    if (method === 0) {
      if (compressed !== declared) throw corrupt();
    } else if (method === 8) {
      // Inflating with a cap one byte above the declared size proves the header tells the truth without ever holding more.
      let out: Buffer;
      try {
        out = inflateRawSync(data, { maxOutputLength: declared + 1 });
      } catch (err) {
        if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig();
        throw corrupt();
      }
      if (out.length > declared) throw tooBig();
      if (out.length < declared) throw corrupt();
    } else throw corrupt();
  }
}
