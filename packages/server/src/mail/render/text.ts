/** @module The plain-text part: complete on its own, every link written out. */
import type { Branding } from './branding.js';
import { linesOf, type Block, type MailContent } from './content.js';

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return b.text;
    case 'heading':
      return `${b.text}\n${'-'.repeat(Math.min(b.text.length, 60))}`;
    case 'steps':
      return b.items.map((item, i) => `${i + 1}. ${item}`).join('\n');
    case 'button':
      return `${b.label}:\n${b.href}`;
    case 'quote':
      return linesOf(b.text).map((l) => `> ${l}`).join('\n');
    case 'literal':
      return b.text;
    case 'records':
      return b.items.map((r) => [`* ${r.title}`, ...r.facts.map((f) => `  ${f.label}: ${f.value}`)].join('\n')).join('\n\n');
  }
}

export function renderText(content: MailContent, brand: Branding): string {
  const parts = [...content.blocks.map(block), `Vänliga hälsningar\n${brand.name}`];
  if (content.footer) parts.push(`-- \n${content.footer}`);
  return `${parts.join('\n\n')}\n`;
}
