/**
 * @module Writes checked entries into a fresh zip archive without compression. exceljs reads the workbook from this
 * archive, never from the upload: its zip reader then inflates nothing, and every byte it sees is one the zip guard
 * inflated and counted.
 */
import type { ZipEntry } from './zip-guard.js';

const STORE = 0;
const FLAG_UTF8 = 0x800;
/** 1980-01-01, the first day a zip timestamp can name; the import never reads it. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export function storedZip(entries: ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeSharedFields(local, 4, e);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(10, 4); // version made by
    writeSharedFields(central, 6, e);
    central.writeUInt32LE(offset, 42);
    parts.push(local, e.name, e.data);
    directory.push(central, e.name);
    offset += local.length + e.name.length + e.data.length;
  }
  const size = directory.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...directory, end]);
}

/** The 26 bytes a local header and a directory entry share, from "version needed" to the extra field's length. */
function writeSharedFields(buf: Buffer, at: number, e: ZipEntry): void {
  buf.writeUInt16LE(10, at); // version needed: stored entries only
  buf.writeUInt16LE(e.utf8Name ? FLAG_UTF8 : 0, at + 2);
  buf.writeUInt16LE(STORE, at + 4);
  buf.writeUInt16LE(DOS_DATE, at + 8);
  buf.writeUInt32LE(e.crc, at + 10);
  buf.writeUInt32LE(e.data.length, at + 14);
  buf.writeUInt32LE(e.data.length, at + 18);
  buf.writeUInt16LE(e.name.length, at + 22);
}
