/**
 * @module The vendor's end-customer agreement template: the shipped Swedish default, the placeholders it may use, the
 * schema of `PUT /v1/admin/agreement-template`, and the renderer that fills it for one order.
 *
 * Placeholders are `{{name}}` (spaces inside the braces allowed). The text is scanned once, left to right, with a
 * bounded look-ahead per `{{`, so a template's size alone decides the work: no regular expression that could
 * backtrack runs over text a vendor admin wrote.
 */
import { z } from '@hono/zod-openapi';
import { MULTI_LINE } from '../../contract/common.js';
import type { AgreementData } from './model.js';

/** The longest template accepted: a generous agreement of some ten pages; the JSON body limit stays far above it. */
export const MAX_TEMPLATE_CHARS = 50_000;
/** A placeholder name is short; the look-ahead after `{{` stops here, which keeps the scan linear. */
const MAX_NAME_CHARS = 40;
/** Printed where optional data (an invoice reference, an address) is absent, so a sentence does not end mid-air. */
export const MISSING = '–';

/** Every placeholder a template may use, with what it stands for (shown to the vendor in docs and refusals). */
export const PLACEHOLDERS = {
  'vendor.name': 'the vendor (leverantören)',
  'vendor.orgNumber': "the vendor's organisation number",
  'reseller.name': 'the reseller (återförsäljaren)',
  'reseller.orgNumber': "the reseller's organisation number",
  'organization.name': 'the customer organisation (kunden)',
  'organization.orgNumber': "the customer's organisation number",
  'invoicing.name': 'invoice recipient',
  'invoicing.orgNumber': "invoice recipient's organisation number",
  'invoicing.address': 'invoice address',
  'invoicing.reference': 'invoice reference',
  'invoicing.email': 'invoice e-mail address',
  'licence.name': 'the licence',
  'licence.annualPrice': 'annual list price, in kronor (e.g. 12 000,00 kr)',
  'term.startsOn': 'first day of the licence period (YYYY-MM-DD)',
  'term.months': 'length of the licence period in months',
  'signer.name': 'the person signing for the customer',
  'signer.email': "the signer's e-mail address",
  'order.id': 'the order number (the agreement reference)',
  date: 'the date of the agreement (YYYY-MM-DD, Swedish time)',
} as const;
export type PlaceholderName = keyof typeof PLACEHOLDERS;

const isPlaceholderName = (name: string): name is PlaceholderName => Object.hasOwn(PLACEHOLDERS, name);

/**
 * The shipped template. Lines starting with `# ` give the title and `## ` a section heading; a blank line ends a
 * paragraph; a single line break stays a line break.
 */
export const DEFAULT_TEMPLATE = `# Slutkundsavtal

## 1. Parter och omfattning
Detta avtal ingås mellan {{organization.name}}, org.nr {{organization.orgNumber}} ("Kunden"), och {{reseller.name}}, org.nr {{reseller.orgNumber}} ("Återförsäljaren"), som är auktoriserad återförsäljare av {{vendor.name}}, org.nr {{vendor.orgNumber}} ("Leverantören"). Genom avtalet får Kunden rätt att använda Leverantörens programvara för underhållsplanering enligt licensen {{licence.name}} under avtalstiden. Kundens användare får redigeringsbehörighet till Kundens underhållsplaner.

## 2. Pris och betalning
Årligt listpris för licensen är {{licence.annualPrice}} exklusive moms. Återförsäljaren fakturerar Kunden årsvis i förskott med 30 dagars betalningsvillkor. Fakturor ställs till:
{{invoicing.name}}, org.nr {{invoicing.orgNumber}}
Adress: {{invoicing.address}}
Referens: {{invoicing.reference}}
E-post för faktura: {{invoicing.email}}

## 3. Avtalstid och uppsägning
Avtalet gäller från och med {{term.startsOn}} i {{term.months}} månader. Därefter förlängs det med tolv månader i taget om det inte sägs upp skriftligen senast tre månader före avtalstidens slut. Leverantören får ändra listpriset inför en ny avtalsperiod; ändringen meddelas senast tre månader i förväg.

## 4. Kundens åtaganden
Kunden ansvarar för att användarkonton endast används av behöriga personer, för att inloggningsuppgifter hålls hemliga och för innehållet i de uppgifter Kunden lägger in i tjänsten.

## 5. Personuppgifter
Leverantören behandlar personuppgifter för Kundens räkning som personuppgiftsbiträde enligt dataskyddsförordningen (GDPR) och Leverantörens personuppgiftsbiträdesavtal, som utgör en del av detta avtal.

## 6. Tillgänglighet och ansvar
Leverantören tillhandahåller tjänsten med fackmannamässig omsorg och strävar efter hög tillgänglighet. Leverantörens ansvar för skada är begränsat till det belopp Kunden har betalat för licensen under de senaste tolv månaderna och omfattar inte indirekt skada eller förlust av data som Kunden kunnat skydda sig mot.

## 7. Avtalets upphörande
När avtalet upphör kan Kunden under 30 dagar exportera sina uppgifter. Därefter raderas Kundens uppgifter, utom det som Leverantören enligt lag måste spara.

## 8. Tillämplig lag och tvist
Svensk lag gäller för avtalet. Tvist ska avgöras av allmän domstol.

## 9. Underskrift
Avtalet undertecknas för Kunden av {{signer.name}} ({{signer.email}}), som intygar sin behörighet att ingå avtalet för Kundens räkning. Avtalet är daterat {{date}} och har referensen {{order.id}}.
`;

/** One piece of a scanned template: text to keep as written, or a placeholder to fill. */
export type Segment = { kind: 'text'; text: string } | { kind: 'placeholder'; name: string; line: number };

export interface ScannedTemplate {
  segments: Segment[];
  /** `{{` that opens no well-formed placeholder, by line (1-based), for the refusal. */
  malformed: number[];
}

const isNameChar = (code: number) =>
  (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x5f;

/**
 * Splits a template into text and placeholders in one pass. After each `{{` it reads at most MAX_NAME_CHARS name
 * characters (letters, digits, `.`, `_`, with spaces around) before it wants `}}`; anything else there is malformed
 * and stays as text.
 */
export function scanTemplate(text: string): ScannedTemplate {
  const segments: Segment[] = [];
  const malformed: number[] = [];
  let line = 1;
  let textStart = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x0a) {
      line++;
      i++;
      continue;
    }
    if (code !== 0x7b || text.charCodeAt(i + 1) !== 0x7b) {
      i++;
      continue;
    }
    let j = i + 2;
    const limit = Math.min(text.length, j + MAX_NAME_CHARS + 4);
    while (j < limit && text.charCodeAt(j) === 0x20) j++;
    const nameStart = j;
    while (j < limit && isNameChar(text.charCodeAt(j))) j++;
    const nameEnd = j;
    while (j < limit && text.charCodeAt(j) === 0x20) j++;
    const closed = text.charCodeAt(j) === 0x7d && text.charCodeAt(j + 1) === 0x7d;
    if (!closed || nameEnd === nameStart || nameEnd - nameStart > MAX_NAME_CHARS) {
      malformed.push(line);
      i += 2;
      continue;
    }
    if (i > textStart) segments.push({ kind: 'text', text: text.slice(textStart, i) });
    segments.push({ kind: 'placeholder', name: text.slice(nameStart, nameEnd), line });
    i = j + 2;
    textStart = i;
  }
  if (textStart < text.length) segments.push({ kind: 'text', text: text.slice(textStart) });
  return { segments, malformed };
}

/** Line breaks as LF whatever the editor sent, so line numbers and paragraphs mean the same everywhere. */
const normalizeLineBreaks = (text: string) => text.replace(/\r\n?/g, '\n');

/** The body of `PUT /v1/admin/agreement-template`: the template text, refused with one issue per fault it has. */
export const AgreementTemplateInput = z
  .object({
    text: z
      .string()
      .max(MAX_TEMPLATE_CHARS, `must be at most ${MAX_TEMPLATE_CHARS} characters`)
      .transform(normalizeLineBreaks)
      .refine((text) => text.trim().length > 0, 'must not be empty')
      .refine((text) => MULTI_LINE.test(text), 'must not contain control characters other than line breaks and tabs')
      .superRefine((text, ctx) => {
        const { segments, malformed } = scanTemplate(text);
        const unknown = new Map<string, number>();
        for (const s of segments) if (s.kind === 'placeholder' && !isPlaceholderName(s.name) && !unknown.has(s.name)) unknown.set(s.name, s.line);
        if (unknown.size > 0) {
          const named = [...unknown].map(([name, line]) => `{{${name}}} (line ${line})`).join(', ');
          ctx.addIssue({ code: 'custom', message: `unknown placeholder${unknown.size > 1 ? 's' : ''} ${named}; known placeholders: ${Object.keys(PLACEHOLDERS).join(', ')}` });
        }
        if (malformed.length > 0) {
          const lines = [...new Set(malformed)].slice(0, 10).join(', ');
          ctx.addIssue({ code: 'custom', message: `"{{" that opens no placeholder on line ${lines}; write a placeholder as {{name}}` });
        }
      })
      .openapi({ description: `The agreement text, at most ${MAX_TEMPLATE_CHARS} characters. Placeholders: ${Object.keys(PLACEHOLDERS).map((p) => `{{${p}}}`).join(', ')}. A line starting with "# " is the title, "## " a section heading.` }),
  })
  .openapi('AgreementTemplateInput');
export type AgreementTemplateInput = z.output<typeof AgreementTemplateInput>;

/** Minor units as Swedish money text: 1234500 öre in SEK is "12 345,00 kr" (non-breaking spaces, so it never wraps). */
export function formatMoney({ amount, currency }: { amount: number; currency: string }): string {
  const sign = amount < 0 ? '−' : '';
  const abs = Math.abs(Math.trunc(amount));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+$)/g, '\u00a0');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${whole},${cents}\u00a0${currency === 'SEK' ? 'kr' : currency}`;
}

/** A calendar date as Swedish time reads it: the date the agreement carries is the day in Sweden, not in UTC. */
export function formatSwedishDate(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** `2026-12-15 10:00`: a link's last minute as the signer's clock in Sweden shows it. */
export function formatSwedishTime(at: Date): string {
  const time = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', hour: '2-digit', minute: '2-digit' }).format(at);
  return `${formatSwedishDate(at)} ${time}`;
}

const present = (value: string | null | undefined) => (value === undefined || value === null || value.trim() === '' ? MISSING : value);

/** The value of every placeholder for one agreement. */
export function placeholderValues(data: AgreementData): Record<PlaceholderName, string> {
  return {
    'vendor.name': present(data.vendor.name),
    'vendor.orgNumber': present(data.vendor.orgNumber),
    'reseller.name': present(data.reseller.name),
    'reseller.orgNumber': present(data.reseller.orgNumber),
    'organization.name': present(data.organization.name),
    'organization.orgNumber': present(data.organization.orgNumber),
    'invoicing.name': present(data.invoicing.name),
    'invoicing.orgNumber': present(data.invoicing.orgNumber),
    'invoicing.address': present(data.invoicing.address),
    'invoicing.reference': present(data.invoicing.reference),
    'invoicing.email': present(data.invoicing.email),
    'licence.name': present(data.licence.name),
    'licence.annualPrice': formatMoney(data.licence.annualPrice),
    'term.startsOn': present(data.term.startsOn),
    'term.months': String(data.term.months),
    'signer.name': present(data.signer.name),
    'signer.email': present(data.signer.email),
    'order.id': present(data.orderId),
    date: formatSwedishDate(data.issuedAt),
  };
}

/**
 * Fills a template for one agreement. The text was checked when it was stored; a name this release does not know
 * (a template stored by a newer one) is left as written rather than failing the whole agreement. Values are inserted
 * once and never scanned again, so a customer named `{{vendor.name}}` stays exactly that.
 */
export function fillTemplate(template: string, data: AgreementData): string {
  const values = placeholderValues(data);
  let out = '';
  for (const s of scanTemplate(normalizeLineBreaks(template)).segments) {
    if (s.kind === 'text') out += s.text;
    else out += isPlaceholderName(s.name) ? values[s.name] : `{{${s.name}}}`;
  }
  return out;
}

/** A filled template read as a document: its title and its blocks (section headings and paragraphs) in order. */
export interface AgreementDocument {
  title: string | null;
  blocks: { kind: 'heading' | 'paragraph'; text: string }[];
}

/** Reads the light markup of a filled template: `# ` title (the first one), `## ` headings, blank-line paragraphs. */
export function structure(filled: string): AgreementDocument {
  const doc: AgreementDocument = { title: null, blocks: [] };
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) doc.blocks.push({ kind: 'paragraph', text: paragraph.join('\n') });
    paragraph = [];
  };
  for (const raw of filled.split('\n')) {
    const line = raw.trimEnd();
    if (line.trim() === '') flush();
    else if (line.startsWith('## ')) {
      flush();
      doc.blocks.push({ kind: 'heading', text: line.slice(3).trim() });
    } else if (line.startsWith('# ')) {
      flush();
      if (doc.title === null) doc.title = line.slice(2).trim();
      else doc.blocks.push({ kind: 'heading', text: line.slice(2).trim() });
    } else paragraph.push(line);
  }
  flush();
  return doc;
}
