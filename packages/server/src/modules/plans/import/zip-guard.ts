/**
 * @module Reads an .xlsx (a zip archive) before any library sees it. The layout must be exactly the one a zip writer
 * makes — entries back to back from byte 0, local headers that agree with the central directory, then the directory,
 * then the end record closing the file — and every entry is inflated here, counted against one bound. Only what was
 * inflated here reaches exceljs (see zip-store.ts), so no reader can be shown another archive than the one checked.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { PayloadTooLargeError, UnprocessableError } from '../../../errors.js';

/** All entries together may inflate to at most this: a 20 000-row sheet is 10–20 MB of XML, and every parsed byte costs several in memory. */
export const MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;
const MAX_ENTRIES = 5_000;
const END = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const FLAG_ENCRYPTED = 0x1;
const FLAG_DESCRIPTOR = 0x8;
const FLAG_UTF8 = 0x800;
/** The flags a reader acts on; a local header must say the same as the directory about each. */
const FLAGS_THAT_MATTER = FLAG_ENCRYPTED | FLAG_DESCRIPTOR | FLAG_UTF8;

const corrupt = () => new UnprocessableError('Filen kunde inte läsas som en Excel-fil (.xlsx): den är skadad eller inte en .xlsx-fil.');
const tooBig = () => new PayloadTooLargeError(`Filen packas upp till mer än ${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB; spara planen i en mindre fil.`);

/** One file of the archive, inflated and checked against its CRC. */
export interface ZipEntry {
  /** The name's bytes as stored; UTF-8 when `utf8Name`, as the zip flag says. */
  name: Buffer;
  utf8Name: boolean;
  data: Buffer;
  /** The CRC-32 of `data`, as the archive declared it and as checked. */
  crc: number;
}

interface DirectoryEntry {
  flags: number;
  method: number;
  crc: number;
  compressed: number;
  declared: number;
  name: Buffer;
  localOffset: number;
  /** Where the entry's data starts, known once its local header has been read. */
  dataStart: number;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/**
 * Checks the archive and returns its entries, inflated. Throws 413 for one that inflates past the bound (whatever its
 * headers claim) and 422 for one that is damaged, laid out otherwise than a writer lays it out, or uses features an
 * .xlsx never needs (ZIP64, encryption, methods other than store and deflate).
 */
export function checkZip(bytes: Uint8Array, maxTotal = MAX_UNCOMPRESSED_BYTES): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isZip(buf)) throw corrupt();
  const { directoryOffset, end } = readEndRecord(buf);
  const entries = readDirectory(buf, directoryOffset, end, maxTotal);
  checkLocalHeaders(buf, entries, directoryOffset);
  return inflateAll(buf, entries, maxTotal);
}

/**
 * The end record must close the file exactly, and the directory must end where the record starts. Readers differ on
 * anything else: JSZip takes the last end signature anywhere and reads a gap before it as prepended data, shifting
 * every offset, so a gap would let this guard read one directory while exceljs reads another.
 */
function readEndRecord(buf: Buffer): { directoryOffset: number; end: number } {
  let end = -1;
  for (let i = buf.length - 4; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0 || end + 22 > buf.length || end + 22 + buf.readUInt16LE(end + 20) !== buf.length) throw corrupt();
  const disk = buf.readUInt16LE(end + 4);
  const directoryDisk = buf.readUInt16LE(end + 6);
  const countHere = buf.readUInt16LE(end + 8);
  const count = buf.readUInt16LE(end + 10);
  const size = buf.readUInt32LE(end + 12);
  const directoryOffset = buf.readUInt32LE(end + 16);
  // ZIP64 markers: no 10 MB spreadsheet needs them, and they are how bombs hide their sizes.
  if (count === 0xffff || size === 0xffffffff || directoryOffset === 0xffffffff) throw corrupt();
  if (disk !== 0 || directoryDisk !== 0 || countHere !== count || count > MAX_ENTRIES) throw corrupt();
  if (directoryOffset + size !== end) throw corrupt();
  return { directoryOffset, end };
}

/** The directory alone: its entries fill it exactly, and their declared sizes fit the bound before a byte is inflated. */
function readDirectory(buf: Buffer, directoryOffset: number, end: number, maxTotal: number): DirectoryEntry[] {
  const entries: DirectoryEntry[] = [];
  const names = new Set<string>();
  let declaredTotal = 0;
  let p = directoryOffset;
  const count = buf.readUInt16LE(end + 10);
  for (let n = 0; n < count; n++) {
    if (p + 46 > end || buf.readUInt32LE(p) !== CENTRAL) throw corrupt();
    const nameLength = buf.readUInt16LE(p + 28);
    const next = p + 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (next > end) throw corrupt();
    const entry: DirectoryEntry = {
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      crc: buf.readUInt32LE(p + 16),
      compressed: buf.readUInt32LE(p + 20),
      declared: buf.readUInt32LE(p + 24),
      name: buf.subarray(p + 46, p + 46 + nameLength),
      localOffset: buf.readUInt32LE(p + 42),
      dataStart: -1,
    };
    if (entry.flags & FLAG_ENCRYPTED) throw new UnprocessableError('Filen är lösenordsskyddad; spara den utan lösenord och försök igen.');
    if (entry.declared === 0xffffffff || entry.compressed === 0xffffffff) throw tooBig();
    if (buf.readUInt16LE(p + 34) !== 0 || entry.localOffset === 0xffffffff) throw corrupt();
    // Readers keep one entry per name; two would mean checking one file and handing over the other.
    const key = entry.name.toString('latin1');
    if (names.has(key)) throw corrupt();
    names.add(key);
    declaredTotal += entry.declared;
    if (declaredTotal > maxTotal) throw tooBig();
    entries.push(entry);
    p = next;
  }
  // A reader goes on reading directory entries while the signature matches: nothing may follow the counted ones.
  if (p !== end) throw corrupt();
  return entries;
}

/**
 * Every local header says what the directory says, and the entries tile the file from byte 0 to the directory with no
 * gap and no overlap: nothing prepended, no hidden entry, no two entries sharing compressed bytes.
 */
function checkLocalHeaders(buf: Buffer, entries: DirectoryEntry[], directoryOffset: number): void {
  let expected = 0;
  for (const e of [...entries].sort((a, b) => a.localOffset - b.localOffset)) {
    const at = e.localOffset;
    if (at !== expected || at + 30 > directoryOffset || buf.readUInt32LE(at) !== LOCAL) throw corrupt();
    const flags = buf.readUInt16LE(at + 6);
    const nameLength = buf.readUInt16LE(at + 26);
    const start = at + 30 + nameLength + buf.readUInt16LE(at + 28);
    const dataEnd = start + e.compressed;
    if (dataEnd > directoryOffset) throw corrupt();
    if ((flags & FLAGS_THAT_MATTER) !== (e.flags & FLAGS_THAT_MATTER) || buf.readUInt16LE(at + 8) !== e.method) throw corrupt();
    if (!buf.subarray(at + 30, at + 30 + nameLength).equals(e.name)) throw corrupt();
    const local = { crc: buf.readUInt32LE(at + 14), compressed: buf.readUInt32LE(at + 18), declared: buf.readUInt32LE(at + 22) };
    if (e.flags & FLAG_DESCRIPTOR) {
      // The sizes follow the data; the local header holds zeros or the same values.
      if (!(agrees(local, e) || (local.crc === 0 && local.compressed === 0 && local.declared === 0))) throw corrupt();
      let d = dataEnd;
      if (d + 4 <= directoryOffset && buf.readUInt32LE(d) === DESCRIPTOR) d += 4;
      if (d + 12 > directoryOffset) throw corrupt();
      if (!agrees({ crc: buf.readUInt32LE(d), compressed: buf.readUInt32LE(d + 4), declared: buf.readUInt32LE(d + 8) }, e)) throw corrupt();
      expected = d + 12;
    } else {
      if (!agrees(local, e)) throw corrupt();
      expected = dataEnd;
    }
    e.dataStart = start;
  }
  if (expected !== directoryOffset) throw corrupt();
}

const agrees = (a: { crc: number; compressed: number; declared: number }, b: DirectoryEntry) => a.crc === b.crc && a.compressed === b.compressed && a.declared === b.declared;

/** Each entry inflated with zlib stopping one byte past what it may still add to the total: the bound holds whatever the headers say. */
function inflateAll(buf: Buffer, entries: DirectoryEntry[], maxTotal: number): ZipEntry[] {
  const out: ZipEntry[] = [];
  let inflated = 0;
  for (const e of entries) {
    const data = buf.subarray(e.dataStart, e.dataStart + e.compressed);
    const limit = Math.min(e.declared, maxTotal - inflated);
    let content: Buffer;
    if (e.method === 0) {
      if (e.compressed !== e.declared) throw corrupt();
      if (e.declared > limit) throw tooBig();
      content = data;
    } else if (e.method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: limit + 1 });
      } catch (err) {
        if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooBig();
        throw corrupt();
      }
      // More than declared is a header that lies about its size: the mark of a bomb.
      if (content.length > limit) throw tooBig();
      if (content.length < e.declared) throw corrupt();
    } else throw corrupt();
    if (crc32(content) !== e.crc) throw corrupt();
    inflated += content.length;
    out.push({ name: e.name, utf8Name: (e.flags & FLAG_UTF8) !== 0, data: content, crc: e.crc });
  }
  return out;
}
