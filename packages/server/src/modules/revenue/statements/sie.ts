/**
 * @module A statement as a SIE 4 file (issue 18; the record subset in /work/shared/notes/sie4.md): one verification
 * per ledger entry with balanced #TRANS rows, in code page 437 as `#FORMAT PC8` requires, for Fortnox, Visma and the
 * rest to import. BAS accounts by default; each reseller may map them to its own chart.
 */
import { z } from '@hono/zod-openapi';
import iconv from 'iconv-lite';
import { formatKronor } from '../amounts.js';
import type { Statement, StatementParty, StatementRow } from './statement.js';

export const SIE_CONTENT_TYPE = 'text/plain; charset=IBM437';

const accountSchema = z.object({
  // BAS accounts are four digits, and so are the charts Fortnox and Visma import against.
  number: z.string().regex(/^\d{4}$/, 'An account number of four digits, as in the BAS chart.'),
  name: z.string().trim().min(1).max(100),
});
export type SieAccount = z.infer<typeof accountSchema>;

/** BAS 2014 accounts for a reseller that sells the licence on and buys it from the vendor. */
export const DEFAULT_SIE_ACCOUNTS = {
  receivables: { number: '1510', name: 'Kundfordringar' },
  payables: { number: '2440', name: 'Leverantörsskulder' },
  sales: { number: '3041', name: 'Försäljning tjänster' },
  purchases: { number: '4010', name: 'Inköp' },
} as const satisfies Record<string, SieAccount>;

/** A reseller's account map, as stored or sent: any account left out keeps its BAS default. */
export const sieAccountMapSchema = z
  .object({
    receivables: accountSchema.default(DEFAULT_SIE_ACCOUNTS.receivables),
    payables: accountSchema.default(DEFAULT_SIE_ACCOUNTS.payables),
    sales: accountSchema.default(DEFAULT_SIE_ACCOUNTS.sales),
    purchases: accountSchema.default(DEFAULT_SIE_ACCOUNTS.purchases),
  })
  .strict()
  .superRefine((m, ctx) => {
    // Named at the later role of a pair, so the error points at the field to change.
    const seen = new Map<string, string>();
    for (const role of ['receivables', 'payables', 'sales', 'purchases'] as const) {
      const other = seen.get(m[role].number);
      if (other) ctx.addIssue({ code: 'custom', path: [role, 'number'], message: `Each role needs an account of its own: ${m[role].number} is already ${other}'s (a debit and credit on one account cancel out).` });
      seen.set(m[role].number, role);
    }
  })
  .openapi('SieAccountMapInput');
export type SieAccountMap = z.infer<typeof sieAccountMapSchema>;

/** The map as the API answers it: every role, defaults filled in. */
export const sieAccountsSchema = z
  .object({ receivables: accountSchema, payables: accountSchema, sales: accountSchema, purchases: accountSchema })
  .openapi('SieAccountMap');

/** The kind of each account for #KTYP: T asset, S liability, I income, K cost. */
const ACCOUNT_TYPE = { receivables: 'T', payables: 'S', sales: 'I', purchases: 'K' } as const satisfies Record<keyof SieAccountMap, string>;

export interface SieOptions {
  /** Whose books the file is for: the reseller (sale at list price, purchase of the vendor amount) or the vendor (sale of the vendor amount to the reseller). */
  perspective: 'reseller' | 'vendor';
  /** The company whose books these are: #FNAMN and #ORGNR. The reseller itself, or the vendor. */
  company: Pick<StatementParty, 'name' | 'orgNumber'>;
  accounts?: SieAccountMap;
  /** #GEN: from the injected clock. */
  generatedAt: Date;
  program: { name: string; version: string };
  /** The verification series; the importing program usually renumbers within it. */
  series?: string;
}

type Role = keyof SieAccountMap;

/** The statement as SIE 4 bytes in code page 437, lines ending CRLF. */
export function statementSie(s: Statement, o: SieOptions): Uint8Array {
  return iconv.encode(statementSieText(s, o), 'cp437');
}

/** The same as text, before encoding; characters CP437 lacks (€, emoji) become `?` on encoding. */
export function statementSieText(s: Statement, o: SieOptions): string {
  const accounts = o.accounts ?? sieAccountMapSchema.parse({});
  const roles: Role[] = o.perspective === 'reseller' ? ['receivables', 'payables', 'sales', 'purchases'] : ['receivables', 'sales'];
  const year = s.from.slice(0, 4);
  const lines = [
    '#FLAGGA 0',
    `#PROGRAM ${str(o.program.name)} ${str(o.program.version)}`,
    '#FORMAT PC8',
    `#GEN ${sieDate(o.generatedAt.toISOString())}`,
    '#SIETYP 4',
    `#ORGNR ${orgNumber(o.company.orgNumber)}`,
    `#FNAMN ${str(o.company.name)}`,
    // The fiscal year is taken as the calendar year of the period: what most small Swedish companies have.
    `#RAR 0 ${year}0101 ${year}1231`,
    '#KPTYP BAS2014',
    `#VALUTA ${s.currency}`,
  ];
  for (const role of roles) lines.push(`#KONTO ${accounts[role].number} ${str(accounts[role].name)}`);
  for (const role of roles) lines.push(`#KTYP ${accounts[role].number} ${ACCOUNT_TYPE[role]}`);
  let number = 0;
  for (const r of s.rows) {
    const trans = transactions(r, o.perspective).filter(([, amount]) => amount !== 0);
    // An entry of nothing (a free licence) has nothing to book, and a verification needs at least one row.
    if (trans.length === 0) continue;
    number += 1;
    lines.push(`#VER ${o.series ?? 'A'} ${number} ${sieDate(r.date)} ${str(verificationText(s, r, o.perspective))}`, '{');
    for (const [role, amount] of trans) lines.push(`#TRANS ${accounts[role].number} {} ${formatKronor(amount, '.')}`);
    lines.push('}');
  }
  return lines.join('\r\n') + '\r\n';
}

/**
 * Debit positive, credit negative. A reversal carries negative amounts, so the same rows come out mirrored: the sale
 * is credited back to the receivable and the purchase back to the payable.
 */
function transactions(r: StatementRow, perspective: SieOptions['perspective']): [Role, number][] {
  if (perspective === 'vendor') {
    return [
      ['receivables', r.vendorAmount],
      ['sales', 0 - r.vendorAmount],
    ];
  }
  return [
    ['receivables', r.listPrice],
    ['sales', 0 - r.listPrice],
    ['purchases', r.vendorAmount],
    ['payables', 0 - r.vendorAmount],
  ];
}

function verificationText(s: Statement, r: StatementRow, perspective: SieOptions['perspective']): string {
  const what = `${r.customerName}, ${r.licenceName}, licensår ${r.licenceYear}`;
  const text = perspective === 'vendor' ? `${s.reseller.name}: ${what}` : what;
  return r.kind === 'reversal' ? `Återföring ${text}` : text;
}

/** `YYYYMMDD` from an ISO date or instant (UTC). */
function sieDate(iso: string): string {
  return iso.slice(0, 10).replaceAll('-', '');
}

/** SIE writes the organisation number as NNNNNN-NNNN. */
function orgNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length === 10 ? `${digits.slice(0, 6)}-${digits.slice(6)}` : str(value);
}

/**
 * A SIE string: always quoted (allowed for every field, and it keeps spaces and braces inside), a quote or backslash
 * escaped with a backslash, and control characters (a line break would end the record) turned into spaces.
 */
export function str(value: string): string {
  return `"${value.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
