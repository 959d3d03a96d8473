/**
 * @module Reads a SIE 4 file back (code page 437) and checks what an importing program would: the header, the accounts
 * used, and that every verification balances. The tests read our statements with it; it is strict on purpose.
 */
import iconv from 'iconv-lite';
import { parseKronor } from '../amounts.js';

export interface SieTransaction {
  account: string;
  /** Öre; debit positive. */
  amount: number;
}

export interface SieVerification {
  series: string;
  number: string;
  date: string;
  text: string;
  transactions: SieTransaction[];
}

export interface SieFile {
  /** Every record outside verifications, by label (`#FNAMN`), each with its fields unquoted. */
  records: Map<string, string[][]>;
  accounts: Map<string, string>;
  verifications: SieVerification[];
}

export class SieFormatError extends Error {
  constructor(line: number, message: string) {
    super(`SIE line ${line}: ${message}`);
    this.name = 'SieFormatError';
  }
}

export function readSie(bytes: Uint8Array): SieFile {
  const lines = iconv.decode(Buffer.from(bytes), 'cp437').split(/\r?\n/);
  const records = new Map<string, string[][]>();
  const accounts = new Map<string, string>();
  const verifications: SieVerification[] = [];
  let open: { ver: SieVerification; line: number } | null = null;
  let awaitingBrace: SieVerification | null = null;
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line === '') return;
    if (awaitingBrace) {
      if (line !== '{') throw new SieFormatError(n, 'a #VER must be followed by "{".');
      open = { ver: awaitingBrace, line: n };
      awaitingBrace = null;
      return;
    }
    if (line === '}') {
      if (!open) throw new SieFormatError(n, '"}" outside a verification.');
      const { ver, line: at } = open;
      const sum = ver.transactions.reduce((t, tr) => t + tr.amount, 0);
      if (sum !== 0) throw new SieFormatError(at, `verification ${ver.series} ${ver.number} does not balance (off by ${sum} öre).`);
      if (ver.transactions.length === 0) throw new SieFormatError(at, `verification ${ver.series} ${ver.number} has no #TRANS.`);
      verifications.push(ver);
      open = null;
      return;
    }
    const [label, ...fields] = tokenize(line, n);
    if (!label?.startsWith('#')) throw new SieFormatError(n, `a record starts with "#": ${line}`);
    if (open) {
      if (label !== '#TRANS') throw new SieFormatError(n, `${label} inside a verification.`);
      const [account, objects, amount] = fields;
      if (!account || objects === undefined || !amount) throw new SieFormatError(n, '#TRANS needs an account, an object list and an amount.');
      if (!/^-?\d+(\.\d{1,2})?$/.test(amount)) throw new SieFormatError(n, `amount ${amount} is not a decimal with a point.`);
      if (!accounts.has(account)) throw new SieFormatError(n, `account ${account} has no #KONTO.`);
      open.ver.transactions.push({ account, amount: parseKronor(amount) });
      return;
    }
    if (label === '#VER') {
      const [series, number, date, text] = fields;
      if (series === undefined || number === undefined || !date || !/^\d{8}$/.test(date)) throw new SieFormatError(n, '#VER needs a series, a number and a date YYYYMMDD.');
      awaitingBrace = { series, number, date, text: text ?? '', transactions: [] };
      return;
    }
    if (label === '#KONTO') accounts.set(fields[0] ?? '', fields[1] ?? '');
    records.set(label, [...(records.get(label) ?? []), fields]);
  });
  if (open || awaitingBrace) throw new SieFormatError(lines.length, 'the file ends inside a verification.');
  const first = lines.find((l) => l.trim() !== '');
  if (first?.trim() !== '#FLAGGA 0') throw new SieFormatError(1, 'the file must start with #FLAGGA 0.');
  if (records.get('#FORMAT')?.[0]?.[0] !== 'PC8') throw new SieFormatError(1, '#FORMAT PC8 is missing.');
  return { records, accounts, verifications };
}

/** Splits a record into fields: bare words, quoted strings (with backslash escapes) and `{…}` object lists. */
function tokenize(line: string, n: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      i += 1;
    } else if (c === '"') {
      let s = '';
      i += 1;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) i += 1;
        s += line[i];
        i += 1;
      }
      if (i >= line.length) throw new SieFormatError(n, 'an unterminated string.');
      out.push(s);
      i += 1;
    } else if (c === '{') {
      const end = line.indexOf('}', i);
      if (end < 0) throw new SieFormatError(n, 'an unterminated object list.');
      out.push(line.slice(i, end + 1));
      i = end + 1;
    } else {
      let s = '';
      while (i < line.length && line[i] !== ' ' && line[i] !== '\t') s += line[i++];
      out.push(s);
    }
  }
  return out;
}
