/** @module Test material for plan imports: CSV text, hand-made zip archives (honest, lying, oversized), and customer-user sessions. */
import { deflateRawSync } from 'node:zlib';
import type { Harness } from '../src/testing/harness.js';

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

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A zip archive written by hand, so tests can make its headers lie about sizes. */
export function zip(entries: { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflateRawSync(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(e.data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
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
    const mail = await h.services.ctx.db.selectFrom('emails').select('text').where('to_address', '=', u.email).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const token = decodeURIComponent(/invitations\/accept\?token=(\S+)/.exec(mail.text)![1]!);
    const accepted = await h.call('POST', '/v1/invitations/accept', { body: { token, password: 'ett långt lösenord' } });
    if (accepted.status !== 200) throw new Error(JSON.stringify(accepted.body));
    tokens[u.role] = accepted.body.session.token;
  }
  return { organizationId: org.body.id as string, editor: tokens.editor!, reader: tokens.reader! };
}
