/**
 * @module The signature page appended to a signed agreement: who signed, when (UTC), from where, what they consented
 * to, and the SHA-256 of the document as it was before signing, so the signed PDF carries its own audit trail.
 * A simple electronic signature under eIDAS (docs/agreements.md).
 */
import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { SignatureRecord } from './model.js';
import { documentStyles, embedFonts, PageWriter } from './pdf-layout.js';

/** A user agent is kept whole in the database; on the page, this much says which browser it was. */
const MAX_USER_AGENT_CHARS = 400;

export const SIGNATURE_PAGE_TITLE = 'Elektronisk underskrift';

export interface SignedAgreement {
  bytes: Uint8Array;
  /** SHA-256 (hex) of the agreement as the signer saw it, printed on the signature page. */
  unsignedSha256: string;
  /** SHA-256 (hex) of the signed PDF returned here, to record with the order's agreement. */
  signedSha256: string;
  pageCount: number;
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `2026-12-01 13:45:07 UTC`: the time with its zone spelled out, as an audit line should. */
export function formatUtc(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** Appends the signature page to the agreement and returns the signed bytes with both hashes. */
export async function appendSignaturePage(agreement: Uint8Array, signature: SignatureRecord): Promise<SignedAgreement> {
  const unsignedSha256 = sha256Hex(agreement);
  const doc = await PDFDocument.load(agreement, { updateMetadata: false });
  const unsignedPages = doc.getPageCount();
  doc.setModificationDate(signature.signedAt);

  const fonts = await embedFonts(doc);
  const { body, label } = documentStyles(fonts);
  const w = new PageWriter(doc);
  // The writer opened the new last page; earlier pages belong to the agreement and are left as they are.
  w.text(SIGNATURE_PAGE_TITLE, { font: fonts.bold, size: 18, leading: 1.2 });
  w.space(4);
  w.text('Signatursida – bilaga till avtalet', { font: fonts.regular, size: 11, muted: true });
  w.space(14);
  w.text(
    'Avtalet har undertecknats med en enkel elektronisk underskrift enligt EU:s förordning nr 910/2014 (eIDAS): ' +
      'undertecknaren öppnade en personlig engångslänk som skickats till sin e-postadress, skrev sitt namn och ' +
      'bekräftade sitt samtycke nedan.',
    body,
  );
  w.space(12);
  w.field('Undertecknare', signature.typedName, label, body);
  w.field('E-postadress', signature.email, label, body);
  w.field('Tidpunkt (UTC)', formatUtc(signature.signedAt), label, body);
  w.field('IP-adress', signature.ipAddress, label, body);
  w.field('Webbläsare', clip(signature.userAgent, MAX_USER_AGENT_CHARS), label, body);
  w.field('Samtycke', `"${signature.consentText}"`, label, body);
  w.field('Avtalets sidor', `${unsignedPages} sidor före denna signatursida`, label, body);
  w.space(12);
  w.text('SHA-256 för det osignerade avtalet', label);
  w.space(2);
  w.text(unsignedSha256, { font: fonts.mono, size: 9.5 });
  w.space(10);
  w.text(
    'Kontrollsumman identifierar exakt den PDF-fil som undertecknaren granskade och godkände (avtalet utan denna sida). ' +
      'Den som har den filen kan beräkna dess SHA-256 och jämföra med värdet ovan.',
    { ...body, size: 9, muted: true },
  );
  w.footer((index) => `${SIGNATURE_PAGE_TITLE} · sida ${unsignedPages + index}`, fonts.regular);

  const bytes = await doc.save();
  return { bytes, unsignedSha256, signedSha256: sha256Hex(bytes), pageCount: doc.getPageCount() };
}
