/** @module The development mailbox: with no SMTP_URL, e-mails are kept and shown here (never in production). */
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
const linkify = (s: string) => esc(s).replace(/(https?:\/\/[^\s<]+)/g, '<a href="$1">$1</a>');

const router = new Hono<AppEnv>();
router.get('/dev/mail.json', async (c) => {
  const rows = await c.get('ctx').db.selectFrom('emails').select(['id', 'to_address', 'subject', 'text', 'status', 'created_at']).orderBy('id', 'desc').limit(200).execute();
  return c.json({ data: rows.map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, text: r.text, status: r.status, createdAt: r.created_at })) });
});
router.get('/dev/mail', async (c) => {
  const rows = await c.get('ctx').db.selectFrom('emails').selectAll().orderBy('id', 'desc').limit(200).execute();
  const items = rows
    .map((r) => `<article><header><b>${esc(r.subject)}</b><br><small>Till ${esc(r.to_address)} · ${esc(r.created_at)} · ${esc(r.status)}</small></header><pre>${linkify(r.text)}</pre></article>`)
    .join('');
  return c.html(`<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Utvecklingsbrevlåda</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:860px;margin:2rem auto;padding:0 1rem}article{border:1px solid #dde3e8;border-radius:8px;padding:1rem;margin:1rem 0}pre{white-space:pre-wrap;font:inherit}</style></head>
<body><h1>Utvecklingsbrevlåda</h1><p>E-post som tjänsten har skickat (ingen SMTP_URL är satt). ${rows.length} meddelanden.</p>${items || '<p>Inga meddelanden än.</p>'}</body></html>`);
});

export default router;
