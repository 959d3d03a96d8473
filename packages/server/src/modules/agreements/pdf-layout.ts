/**
 * @module Flowing text onto A4 pages with pdf-lib's standard fonts: word wrapping, page breaks, and the WinAnsi
 * character set those fonts can encode (Swedish å ä ö é are in it; what is not becomes "?" rather than a failure).
 */
import { PDFDocument, PDFFont, PDFPage, StandardFonts, rgb } from 'pdf-lib';

export const A4: [number, number] = [595.28, 841.89];
/** About 2 cm: the margin Swedish business letters keep. */
export const MARGIN = 56;
const FOOTER_SIZE = 8;
const INK = rgb(0.11, 0.16, 0.2);
const MUTED = rgb(0.38, 0.42, 0.46);

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  mono: PDFFont;
}

export async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  const [regular, bold, mono] = await Promise.all([
    doc.embedFont(StandardFonts.Helvetica),
    doc.embedFont(StandardFonts.HelveticaBold),
    doc.embedFont(StandardFonts.Courier),
  ]);
  return { regular, bold, mono };
}

/** The agreement's running text and its field labels: every page of a signed file reads alike. */
export function documentStyles(fonts: Fonts) {
  return {
    body: { font: fonts.regular, size: 10.5, leading: 1.45 } satisfies TextStyle,
    label: { font: fonts.bold, size: 10, leading: 1.45 } satisfies TextStyle,
  };
}

export interface TextStyle {
  font: PDFFont;
  size: number;
  /** Line height as a multiple of the size. */
  leading?: number;
  muted?: boolean;
}

/**
 * Writes blocks of text top to bottom, starting a new page when one is full. One writer per document: it keeps the
 * current page and position, and the encodable characters and their widths per font.
 */
export class PageWriter {
  readonly pages: PDFPage[] = [];
  #page!: PDFPage;
  #y = 0;
  readonly #doc: PDFDocument;
  readonly #charsets = new Map<PDFFont, Set<number>>();
  readonly #widths = new Map<PDFFont, Map<string, number>>();

  constructor(doc: PDFDocument) {
    this.#doc = doc;
    this.newPage();
  }

  get width(): number {
    return A4[0] - 2 * MARGIN;
  }

  newPage(): void {
    this.#page = this.#doc.addPage(A4);
    this.pages.push(this.#page);
    this.#y = A4[1] - MARGIN;
  }

  /** Room left on the current page, in points. */
  get remaining(): number {
    return this.#y - MARGIN - FOOTER_SIZE * 3;
  }

  space(points: number): void {
    this.#y -= points;
  }

  /** Starts a new page unless `points` still fit: a heading keeps its first lines with it. */
  keep(points: number): void {
    if (this.remaining < points) this.newPage();
  }

  /** A block of text wrapped to the text width (or `width`), indented by `indent`; `\n` breaks a line. */
  text(text: string, style: TextStyle, indent = 0, width = this.width - indent): void {
    const lineHeight = style.size * (style.leading ?? 1.35);
    for (const line of this.wrap(text, style.font, style.size, width)) {
      if (this.remaining < lineHeight) this.newPage();
      this.#y -= lineHeight;
      this.#page.drawText(line, { x: MARGIN + indent, y: this.#y + (lineHeight - style.size) / 2, font: style.font, size: style.size, color: style.muted ? MUTED : INK });
    }
  }

  /** A label and its value side by side, each wrapping in its own column, line by line so a page break keeps them level. */
  field(label: string, value: string, labelStyle: TextStyle, valueStyle: TextStyle, labelWidth = 150): void {
    const lineHeight = valueStyle.size * (valueStyle.leading ?? 1.35);
    const labels = this.wrap(label, labelStyle.font, labelStyle.size, labelWidth - 8);
    const values = this.wrap(value, valueStyle.font, valueStyle.size, this.width - labelWidth);
    for (let k = 0; k < Math.max(labels.length, values.length); k++) {
      if (this.remaining < lineHeight) this.newPage();
      this.#y -= lineHeight;
      const y = this.#y + (lineHeight - valueStyle.size) / 2;
      const l = labels[k];
      const v = values[k];
      if (l) this.#page.drawText(l, { x: MARGIN, y, font: labelStyle.font, size: labelStyle.size, color: labelStyle.muted ? MUTED : INK });
      if (v) this.#page.drawText(v, { x: MARGIN + labelWidth, y, font: valueStyle.font, size: valueStyle.size, color: valueStyle.muted ? MUTED : INK });
    }
  }

  /** Page numbers (and a reference) at the foot of every page written so far. */
  footer(label: (index: number, count: number) => string, font: PDFFont): void {
    this.pages.forEach((page, index) => {
      const text = this.encodable(label(index + 1, this.pages.length), font);
      page.drawText(text, { x: MARGIN, y: MARGIN - FOOTER_SIZE * 2, font, size: FOOTER_SIZE, color: MUTED });
    });
  }

  /** The text with every character the font cannot encode replaced, and decomposed letters composed first. */
  encodable(text: string, font: PDFFont): string {
    let charset = this.#charsets.get(font);
    if (!charset) this.#charsets.set(font, (charset = new Set(font.getCharacterSet())));
    let out = '';
    for (const ch of text.normalize('NFC')) {
      const code = ch.codePointAt(0)!;
      if (ch === '\n') out += ch;
      else if (ch === '\t') out += ' ';
      else if (code === 0x2212) out += '-';
      else out += charset.has(code) ? ch : '?';
    }
    return out;
  }

  /**
   * Greedy word wrap by measured width; a word wider than the line (a long e-mail address, a hostile name without
   * spaces) is cut where it must. Non-breaking spaces join words, as in "12 000,00 kr".
   */
  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const lines: string[] = [];
    const space = this.#charWidth(' ', font, size);
    for (const hard of this.encodable(text, font).split('\n')) {
      let line = '';
      let lineWidth = 0;
      for (const word of hard.split(' ')) {
        const wordWidth = this.#measure(word, font, size);
        const gap = line === '' ? 0 : space;
        if (lineWidth + gap + wordWidth <= width) {
          line += (line === '' ? '' : ' ') + word;
          lineWidth += gap + wordWidth;
          continue;
        }
        if (line !== '') lines.push(line);
        line = '';
        lineWidth = 0;
        for (const ch of word) {
          const w = this.#charWidth(ch, font, size);
          if (lineWidth + w > width && line !== '') {
            lines.push(line);
            line = '';
            lineWidth = 0;
          }
          line += ch;
          lineWidth += w;
        }
      }
      lines.push(line);
    }
    return lines;
  }

  #measure(word: string, font: PDFFont, size: number): number {
    let width = 0;
    for (const ch of word) width += this.#charWidth(ch, font, size);
    return width;
  }

  #charWidth(ch: string, font: PDFFont, size: number): number {
    let widths = this.#widths.get(font);
    if (!widths) this.#widths.set(font, (widths = new Map()));
    let w = widths.get(ch);
    if (w === undefined) widths.set(ch, (w = font.widthOfTextAtSize(ch, 1)));
    return w * size;
  }
}
