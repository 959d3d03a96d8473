/** @module The page an invitation link opens: the customer chooses a password and is logged in. */
import { Hono } from 'hono';
import { h } from '../mail/render/html.js';
import type { AppEnv } from '../http/env.js';

/** The page for one vendor name (VENDOR_NAME, escaped): the mail's button leads here, so it greets as the mail signs. */
const page = (vendor: string) => `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Välkommen till ${vendor}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem;color:#1d2a33}label{display:block;margin:.75rem 0 .25rem}
input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}button{margin-top:1rem;padding:.6rem 1.2rem;font:inherit;background:#1f5f8b;color:#fff;border:0;border-radius:6px}
[role=alert]{color:#b3261e}[role=status]{color:#2f7d4f}</style></head>
<body><h1>Välkommen till ${vendor}</h1><p>Välj ett lösenord för ditt provkonto. Länken kan bara användas en gång.</p>
<form id="f"><label for="pw">Lösenord (minst 10 tecken)</label><input id="pw" type="password" minlength="10" required autocomplete="new-password">
<button type="submit">Spara lösenord och logga in</button></form><p id="msg" aria-live="polite"></p>
<script type="module">
const token = new URLSearchParams(location.search).get('token') ?? '';
const msg = document.getElementById('msg');
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const res = await fetch('/v1/invitations/accept', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password: document.getElementById('pw').value }) });
  const body = await res.json();
  msg.setAttribute('role', res.ok ? 'status' : 'alert');
  // The page speaks Swedish: the API's English message is only the fallback for a status this page does not know.
  const refusals = { 400: 'Lösenordet måste ha minst 10 tecken.', 401: 'Länken är ogiltig, redan använd eller för gammal. Be om en ny inbjudan.', 403: 'Kontot är inte längre aktivt, så det går inte att logga in.', 429: 'För många försök. Vänta en stund och försök igen.' };
  msg.textContent = res.ok ? 'Klart! Du är inloggad som ' + body.user.email + '.' : refusals[res.status] ?? 'Något gick fel. Försök igen om en stund.';
});
</script></body></html>`;

const router = new Hono<AppEnv>();
router.get('/invitations/accept', (c) => c.html(page(h`${c.get('ctx').config.VENDOR_NAME}`.toString())));

export default router;
