/** @module Test material for plan imports: CSV text, hand-made zip archives (honest, lying, oversized), and customer-user sessions. */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { queuedParts } from '../src/mail/outbox.js';
import { buildTemplate } from '../src/modules/plans/import/template.js';
import type { Harness } from '@resellerkit/dev-env/harness';

export const HEADER = 'Fastighet;Byggnad;Kategori;Läge;Åtgärd;År;Intervall;Mängd;Enhet;Styckpris;Status;Märkning';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A valid CSV row; override single columns by name. */
export function csvRow(over: Partial<Record<string, string>> = {}): string {
  const base: Record<string, string> = {
    Fastighet: 'Solrosen 1',
    Byggnad: 'Hus A',
    Kategori: 'Fasad',
    Läge: 'Norra fasaden',
    Åtgärd: 'Omfogning',
    År: '2027',
    Intervall: '30',
    Mängd: '1',
    Enhet: 'm2',
    Styckpris: '100',
    Status: 'planerad',
    Märkning: '',
  };
  return HEADER.split(';')
    .map((c) => over[c] ?? base[c])
    .join(';');
}

export const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\r\n') + '\r\n', 'utf8');

export interface ZipFixtureEntry {
  name: string;
  data: Buffer;
  /** What the headers claim the data inflates to (default: the truth). */
  declaredSize?: number;
  /** A name for the local header other than the directory's. */
  localName?: string;
  /** Bytes written before the entry's local header; the offsets account for them. */
  before?: Buffer;
  /** Sizes after the data (flag bit 3, zeros in the local header); `size` overrides the uncompressed size written there. */
  descriptor?: { signature: boolean; size?: number };
}

/** A zip archive written by hand, so tests can make its headers lie and its layout stray from what writers make. */
export function zip(entries: ZipFixtureEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    if (e.before) {
      locals.push(e.before);
      offset += e.before.length;
    }
    const name = Buffer.from(e.name, 'utf8');
    const localName = Buffer.from(e.localName ?? e.name, 'utf8');
    const packed = deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const crc = crc32(e.data);
    const flags = e.descriptor ? 0x8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8);
    if (!e.descriptor) {
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(packed.length, 18);
      local.writeUInt32LE(size, 22);
    }
    local.writeUInt16LE(localName.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, localName, packed);
    offset += local.length + localName.length + packed.length;
    if (e.descriptor) {
      const d = Buffer.alloc(16);
      d.writeUInt32LE(0x08074b50, 0);
      d.writeUInt32LE(crc, 4);
      d.writeUInt32LE(packed.length, 8);
      d.writeUInt32LE(e.descriptor.size ?? size, 12);
      const written = e.descriptor.signature ? d : d.subarray(4);
      locals.push(written);
      offset += written.length;
    }
    centrals.push(central, name);
  }
  const cd = Buffer.concat(centrals);
  return Buffer.concat([...locals, cd, endRecord(entries.length, cd.length, offset)]);
}

/** The end-of-central-directory record of an archive with `count` entries whose directory of `size` bytes starts at `offset`. */
export function endRecord(count: number, size: number, offset: number): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(offset, 16);
  return end;
}

/** A well-formed archive without a comment, taken apart: the entries, the central directory, the entry count. */
export function splitZip(archive: Buffer): { body: Buffer; directory: Buffer; count: number } {
  const end = archive.length - 22;
  const size = archive.readUInt32LE(end + 12);
  const offset = archive.readUInt32LE(end + 16);
  return { body: archive.subarray(0, offset), directory: archive.subarray(offset, offset + size), count: archive.readUInt16LE(end + 10) };
}

/**
 * The bypass of a guard that trusts the end record: `real` is placed after a prefix holding a decoy directory exactly
 * where the end record says the directory is, and the end record leaves a gap the size of that prefix. A guard reading
 * offsets at face value checks the decoy (one small entry, listed as often as `real` has entries); JSZip takes the gap
 * for prepended data, shifts every offset by it and reads `real`.
 */
export function decoyDirectoryArchive(real: Buffer): Buffer {
  const { body, directory, count } = splitZip(real);
  const decoy = splitZip(zip([{ name: 'decoy.xml', data: Buffer.from('<decoy/>') }]));
  const prefix = Buffer.concat([decoy.body, Buffer.alloc(body.length - decoy.body.length), ...Array.from({ length: count }, () => decoy.directory)]);
  return Buffer.concat([prefix, body, directory, endRecord(count, directory.length, body.length)]);
}

/** The entries of a well-formed archive, read with zlib alone: fixtures do not lean on the zip guard they test. */
export function unzip(archive: Buffer): ZipFixtureEntry[] {
  const { directory, count } = splitZip(archive);
  const entries: ZipFixtureEntry[] = [];
  for (let n = 0, p = 0; n < count; n++) {
    const nameLength = directory.readUInt16LE(p + 28);
    const local = directory.readUInt32LE(p + 42);
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28);
    const packed = archive.subarray(start, start + directory.readUInt32LE(p + 20));
    entries.push({ name: directory.toString('utf8', p + 46, p + 46 + nameLength), data: directory.readUInt16LE(p + 10) === 8 ? inflateRawSync(packed) : Buffer.from(packed) });
    p += 46 + nameLength + directory.readUInt16LE(p + 30) + directory.readUInt16LE(p + 32);
  }
  return entries;
}

/** The import template's entries, to build workbooks from. */
export async function templateEntries(): Promise<ZipFixtureEntry[]> {
  return unzip(Buffer.from(await buildTemplate()));
}

/**
 * A pathological workbook: the template with a plan sheet of `rows` × `columns` number cells. Within every bound the zip
 * guard sets (about 30 MB of XML for a million cells, 2 MB packed), yet exceljs needs seconds and hundreds of MB to hold it.
 */
export async function cellBombXlsx(rows = 20_000, columns = 60): Promise<Buffer> {
  const column = (i: number) => (i >= 26 ? String.fromCharCode(64 + Math.floor(i / 26)) : '') + String.fromCharCode(65 + (i % 26));
  const xml = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
  for (let r = 1; r <= rows; r++) {
    xml.push(`<row r="${r}">`);
    for (let c = 0; c < columns; c++) xml.push(`<c r="${column(c)}${r}"><v>1</v></c>`);
    xml.push('</row>');
  }
  xml.push('</sheetData></worksheet>');
  const sheet = Buffer.from(xml.join(''));
  return zip((await templateEntries()).map((e) => (e.name === 'xl/worksheets/sheet1.xml' ? { ...e, data: sheet } : e)));
}

/** An organization with a trial whose invited users have accepted: returns their session tokens. */
let runs = 0;
export async function customerUsers(h: Harness, key: string) {
  runs++;
  const org = await h.call('POST', '/v1/organizations', { key, body: { name: 'Brf Solrosen' } });
  const users = [
    { email: `anna${runs}@solrosen.test`, role: 'editor' },
    { email: `bo${runs}@solrosen.test`, role: 'reader' },
  ];
  const trial = await h.call('POST', '/v1/trials', { key, body: { organizationId: org.body.id, customerType: 'brf', users } });
  if (trial.status !== 201) throw new Error(JSON.stringify(trial.body));
  const tokens: Record<string, string> = {};
  for (const u of users) {
    const mail = await h.services.ctx.db.selectFrom('emails').selectAll().where('to_address', '=', u.email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const token = decodeURIComponent(/invitations\/accept\?token=(\S+)/.exec(queuedParts(mail, h.services.ctx.branding).text)![1]!);
    const accepted = await h.call('POST', '/v1/invitations/accept', { body: { token, password: 'ett långt lösenord' } });
    if (accepted.status !== 200) throw new Error(JSON.stringify(accepted.body));
    tokens[u.role] = accepted.body.session.token;
  }
  return { organizationId: org.body.id as string, editor: tokens.editor!, reader: tokens.reader! };
}
