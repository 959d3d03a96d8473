/**
 * @module The development mailbox: with no SMTP_URL, e-mails are kept and shown here (never in production), each drawn
 * from its stored content as the mail worker would send it. Each mail's HTML is shown as received, in a sandboxed frame (no scripts, no same origin) loaded from its own URL under its own
 * strict policy: a srcdoc frame would inherit this page's policy, which is not what a mail client applies.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { pagePolicy } from '../http/page-policy.js';
import { queuedParts } from '../mail/outbox.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const linkify = (s: string) => esc(s).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');

/**
 * What a careful mail client allows a message: inline styles and remote or embedded images, nothing else: no
 * scripts, fonts, forms or connections; only the mailbox page may frame it.
 */
export const MAIL_HTML_POLICY = "default-src 'none'; img-src https: data:; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'; frame-ancestors 'self'";
/** Links in a mail open in a new tab outside the sandbox (the invitation link must work); scripts never run. */
export const MAIL_FRAME_SANDBOX = 'allow-popups allow-popups-to-escape-sandbox';

const STYLE =
  'body{font:15px/1.5 system-ui,sans-serif;max-width:860px;margin:2rem auto;padding:0 1rem}article{border:1px solid #dde3e8;border-radius:8px;padding:1rem;margin:1rem 0}' +
  'pre{white-space:pre-wrap;font:inherit}iframe{display:block;width:100%;height:640px;border:1px solid #dde3e8;border-radius:4px;margin:.5rem 0}';

const router = new Hono<AppEnv>();
router.get('/dev/mail.json', async (c) => {
  const ctx = c.get('ctx');
  const rows = await ctx.db.selectFrom('emails').selectAll().orderBy('id', 'desc').limit(200).execute();
  return c.json({
    data: rows.map((r) => ({ id: r.id, to: r.to_address, ...queuedParts(r, ctx.branding), status: r.status, createdAt: r.created_at })),
  });
});

/** One mail's HTML part, byte for byte as the worker sends it. */
router.get('/dev/mail/:file{[A-Za-z0-9_-]+\\.html}', async (c) => {
  const id = c.req.param('file').slice(0, -'.html'.length);
  const ctx = c.get('ctx');
  const row = await ctx.db.selectFrom('emails').select(['subject', 'content', 'text', 'html']).where('id', '=', id).executeTakeFirst();
  const html = row && queuedParts(row, ctx.branding).html;
  if (!html) return c.text('Inget HTML-meddelande med det id:t.', 404);
  c.header('content-security-policy', MAIL_HTML_POLICY);
  c.header('x-content-type-options', 'nosniff');
  c.header('referrer-policy', 'no-referrer');
  return c.html(html);
});

router.get('/dev/mail', async (c) => {
  const ctx = c.get('ctx');
  const rows = await ctx.db.selectFrom('emails').selectAll().orderBy('id', 'desc').limit(200).execute();
  const items = rows
    .map((r) => {
      const { text, html } = queuedParts(r, ctx.branding);
      const head = `<header><b>${esc(r.subject)}</b><br><small>Till ${esc(r.to_address)} · ${esc(r.created_at)} · ${esc(r.status)}</small></header>`;
      if (!html) return `<article>${head}<pre>${linkify(text)}</pre></article>`;
      const frame = `<iframe sandbox="${MAIL_FRAME_SANDBOX}" src="/dev/mail/${esc(r.id)}.html" title="${esc(r.subject)}" loading="lazy"></iframe>`;
      return `<article>${head}${frame}<details><summary>Textdelen</summary><pre>${linkify(text)}</pre></details></article>`;
    })
    .join('');
  const page = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Utvecklingsbrevlåda</title>
<style>${STYLE}</style></head>
<body><h1>Utvecklingsbrevlåda</h1><p>E-post som tjänsten har skickat (ingen SMTP_URL är satt). ${rows.length} meddelanden.</p>${items || '<p>Inga meddelanden än.</p>'}</body></html>`;
  c.header('content-security-policy', pagePolicy(page, { sameOriginFrames: true }));
  return c.html(page);
});

export default router;
