/**
 * @module The agreement draft as a PDF: a heading, the parties and the order's facts as a table, then the vendor's
 * template filled for this order as the terms. The same data and template always give the same bytes (no clock, no
 * random document id), so a draft's SHA-256 can be recomputed.
 */
import { PDFDocument } from 'pdf-lib';
import type { AgreementData } from './model.js';
import { documentStyles, embedFonts, PageWriter } from './pdf-layout.js';
import { fillTemplate, formatMoney, formatSwedishDate, MISSING, structure } from './template.js';

const DEFAULT_TITLE = 'Slutkundsavtal';
const PRODUCER = 'resellerkit';

const party = (p: { name: string; orgNumber?: string | null }) => (p.orgNumber ? `${p.name}, org.nr ${p.orgNumber}` : p.name);

/** The parties and facts every agreement shows above its terms, whatever the vendor's template says. */
export function summaryRows(data: AgreementData): [label: string, value: string][] {
  const inv = data.invoicing;
  const invoicing = [`${inv.name}, org.nr ${inv.orgNumber}`, inv.address, inv.reference ? `Referens: ${inv.reference}` : null, inv.email]
    .filter((line): line is string => Boolean(line && line.trim()))
    .join('\n');
  return [
    ['Leverantör', party(data.vendor)],
    ['Återförsäljare', party(data.reseller)],
    ['Kund', party(data.organization)],
    ['Fakturering', invoicing || MISSING],
    ['Licens', data.licence.name],
    ['Årligt listpris', `${formatMoney(data.licence.annualPrice)} exkl. moms`],
    ['Avtalstid', `${data.term.months} månader från ${data.term.startsOn}, förlängs årsvis`],
    ['Undertecknare', `${data.signer.name} (${data.signer.email})`],
    ['Avtalsdatum', formatSwedishDate(data.issuedAt)],
    ['Referens', data.orderId],
  ];
}

/** Renders the agreement for one order from the vendor's template. */
export async function renderAgreementPdf(data: AgreementData, template: string): Promise<Uint8Array> {
  const document = structure(fillTemplate(template, data));
  const title = document.title ?? DEFAULT_TITLE;

  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(title);
  doc.setSubject(`${data.organization.name} – ${data.licence.name}`);
  doc.setAuthor(data.vendor.name);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setLanguage('sv-SE');
  doc.setCreationDate(data.issuedAt);
  doc.setModificationDate(data.issuedAt);

  const fonts = await embedFonts(doc);
  const { body, label } = documentStyles(fonts);
  const w = new PageWriter(doc);

  w.text(title, { font: fonts.bold, size: 20, leading: 1.2 });
  w.space(4);
  w.text(`mellan ${data.reseller.name} och ${data.organization.name}`, { font: fonts.regular, size: 11, muted: true });
  w.space(16);

  w.text('Parter och uppgifter', { font: fonts.bold, size: 13 });
  w.space(4);
  for (const [name, value] of summaryRows(data)) w.field(name, value, label, body);
  w.space(18);

  for (const block of document.blocks) {
    if (block.kind === 'heading') {
      w.space(8);
      w.keep(13 * 1.35 + body.size * body.leading * 2);
      w.text(block.text, { font: fonts.bold, size: 12 });
      w.space(2);
    } else {
      w.text(block.text, body);
      w.space(6);
    }
  }

  w.footer((page, count) => `${title} · ${data.orderId} · Sida ${page} av ${count}`, fonts.regular);
  return doc.save();
}
