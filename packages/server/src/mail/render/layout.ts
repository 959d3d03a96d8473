/**
 * @module The HTML part: tables and inline styles only, since Outlook's Word engine and webmail clients drop
 * stylesheets, flexbox and most CSS. One column, at most 600 px wide and fluid below that, so it reads on a phone
 * without zooming; the button is a bordered table cell around a link ("bulletproof"), which every client draws.
 */
import type { Branding } from './branding.js';
import { linesOf, type Block, type MailContent } from './content.js';
import { h, type SafeHtml } from './html.js';

const FONT = 'Arial,Helvetica,sans-serif';
const TEXT = '#1d2329';
const MUTED = '#5f6b76';
const RULE = '#dde3e8';
const PAGE = '#f3f5f7';
/** Long addresses and names wrap instead of widening the page on a phone. */
const WRAP = 'overflow-wrap:anywhere;word-break:break-word;';
const BODY = `font-family:${FONT};font-size:16px;line-height:24px;color:${TEXT};${WRAP}`;
const P = `margin:0 0 16px 0;${BODY}`;

/** Running text, escaped, with each date kept on one line (a phone would otherwise break 2026-12-31 at a hyphen). */
function prose(text: string): SafeHtml {
  return h`${text.split(/(\d{4}-\d{2}-\d{2})/).map((part, i) => (i % 2 === 1 ? h`<span style="white-space:nowrap;">${part}</span>` : h`${part}`))}`;
}

function block(b: Block, brand: Branding): SafeHtml {
  switch (b.kind) {
    case 'paragraph':
      return h`<p style="${P}">${prose(b.text)}</p>`;
    case 'heading':
      return h`<h2 style="margin:24px 0 8px 0;font-family:${FONT};font-size:18px;line-height:24px;font-weight:bold;color:${TEXT};">${b.text}</h2>`;
    case 'steps':
      return h`<ol style="margin:0 0 16px 0;padding:0 0 0 24px;${BODY}">${b.items.map((item) => h`<li style="margin:0 0 4px 0;">${prose(item)}</li>`)}</ol>`;
    case 'button':
      return h`<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 16px 0;border-collapse:separate;">
<tr><td align="center" bgcolor="${brand.color}" style="border-radius:6px;background-color:${brand.color};border:1px solid ${brand.buttonBorder};">
<a href="${b.href}" target="_blank" rel="noopener" style="display:inline-block;padding:14px 24px;font-family:${FONT};font-size:16px;line-height:20px;font-weight:bold;color:${brand.buttonText};text-decoration:none;border-radius:6px;">${b.label}</a>
</td></tr></table>
<p style="margin:0 0 16px 0;font-family:${FONT};font-size:14px;line-height:20px;color:${MUTED};${WRAP}">Fungerar inte knappen? Öppna den här adressen i webbläsaren:<br><a href="${b.href}" target="_blank" rel="noopener" style="color:${TEXT};${WRAP}">${b.href}</a></p>`;
    case 'quote':
      return h`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;">
<tr><td style="padding:8px 12px;border-left:4px solid ${RULE};background-color:#f7f9fa;${BODY}">${linesOf(b.text).map((l, i) => (i === 0 ? h`${l}` : h`<br>${l}`))}</td></tr></table>`;
    case 'literal':
      return h`<p style="margin:0 0 16px 0;padding:8px 12px;background-color:#f7f9fa;font-family:Consolas,Menlo,monospace;font-size:14px;line-height:20px;color:${TEXT};word-break:break-all;">${b.text}</p>`;
    case 'records':
      return h`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;">${b.items.map(
        (r) => h`<tr><td style="padding:12px 0;border-top:1px solid ${RULE};${BODY}"><strong>${r.title}</strong>${r.facts.map(
          (f) => h`<br><span style="font-size:14px;line-height:20px;color:${MUTED};">${f.label}:</span> <span style="font-size:14px;line-height:20px;">${prose(f.value)}</span>`,
        )}</td></tr>`,
      )}</table>`;
  }
}

function masthead(brand: Branding): SafeHtml {
  return brand.logoUrl
    ? h`<img src="${brand.logoUrl}" alt="${brand.name}" height="40" style="display:block;height:40px;width:auto;max-width:240px;border:0;outline:none;text-decoration:none;font-family:${FONT};font-size:20px;font-weight:bold;color:${TEXT};">`
    : h`<span style="font-family:${FONT};font-size:20px;line-height:28px;font-weight:bold;color:${TEXT};">${brand.name}</span>`;
}

export function renderHtml(content: MailContent, brand: Branding): string {
  return h`<!doctype html>
<html lang="sv" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${content.subject}</title>
</head>
<body style="margin:0;padding:0;width:100%;background-color:${PAGE};">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;font-size:1px;line-height:1px;color:${PAGE};">${content.preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${PAGE};">
<tr><td align="center" style="padding:24px 12px;">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:#ffffff;border-top:4px solid ${brand.color};border-radius:4px;">
<tr><td style="padding:24px 24px 8px 24px;">${masthead(brand)}</td></tr>
<tr><td style="padding:16px 24px 8px 24px;">${content.blocks.map((b) => block(b, brand))}<p style="${P}">Vänliga hälsningar<br>${brand.name}</p></td></tr>
</table>
${content.footer ? h`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;"><tr><td style="padding:16px 24px;font-family:${FONT};font-size:12px;line-height:18px;color:${MUTED};${WRAP}">${content.footer}</td></tr></table>` : ''}
<!--[if mso]></td></tr></table><![endif]-->
</td></tr>
</table>
</body>
</html>
`.toString();
}
