/**
 * @module Test support: the text drawn on each page of a PDF that pdf-lib wrote with a standard font, read back from
 * its content streams (Flate-decoded, WinAnsi hex strings), so tests can assert what a page says.
 */
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFName, PDFRawStream, type PDFObject } from 'pdf-lib';

/** WinAnsi's own characters in 0x80–0x9F; the rest of the range is Latin-1. */
const WIN_ANSI: Record<number, string> = { 0x80: '€', 0x85: '…', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—' };

const decodeHex = (hex: string) =>
  (hex.match(/../g) ?? []).map((pair) => {
    const code = parseInt(pair, 16);
    return WIN_ANSI[code] ?? String.fromCharCode(code);
  }).join('');

function streamText(doc: PDFDocument, object: PDFObject | undefined): string {
  const stream = object ? doc.context.lookup(object) : undefined;
  if (stream instanceof PDFArray) return stream.asArray().map((item) => streamText(doc, item)).join('\n');
  if (!(stream instanceof PDFRawStream)) return '';
  const filter = stream.dict.get(PDFName.of('Filter'));
  const raw = filter?.toString() === '/FlateDecode' ? inflateSync(stream.contents) : Buffer.from(stream.contents);
  return raw.toString('latin1');
}

/** One string per page: each drawn line of text on its own line, in drawing order. */
export async function pageTexts(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) => {
    const content = streamText(doc, page.node.get(PDFName.of('Contents')));
    return [...content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((m) => decodeHex(m[1]!)).join('\n');
  });
}
