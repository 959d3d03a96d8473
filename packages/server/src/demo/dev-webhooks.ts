/**
 * @module The built-in demo webhook consumer (development only): `serve --demo` subscribes the demo reseller to
 * `/dev/webhooks/receive`, which verifies each delivery like a reseller's system would and logs it at `/dev/webhooks`.
 * The log lives in this process's memory: it is a demo page, not state another instance needs.
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { signatureHeaders } from '../webhooks/sign.js';

export const DEMO_CONSUMER_PATH = '/dev/webhooks/receive';
const MAX_LOG = 200;

interface Received {
  receivedAt: string;
  id: string;
  type: string;
  verified: boolean;
  body: string;
}
const log: Received[] = [];

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** True when one of the `v1,` signatures matches one of the secrets (checked in constant time). */
function verify(secrets: string[], id: string, timestamp: string, body: string, header: string): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(Date.now() / 1000 - ts) > 300) return false;
  const expected = secrets.flatMap((s) => signatureHeaders({ id, timestamp: ts, body, secrets: [s] })['webhook-signature'].split(' '));
  return header.split(' ').some((sig) => expected.some((e) => e.length === sig.length && timingSafeEqual(Buffer.from(e), Buffer.from(sig))));
}

const router = new Hono<AppEnv>();
router.post(DEMO_CONSUMER_PATH, async (c) => {
  const body = await c.req.text();
  const endpoints = await c.get('ctx').db.selectFrom('webhook_endpoints').select(['secret', 'previous_secret']).where('url', 'like', `%${DEMO_CONSUMER_PATH}`).execute();
  const secrets = endpoints.flatMap((e) => [e.secret, ...(e.previous_secret ? [e.previous_secret] : [])]);
  const id = c.req.header('webhook-id') ?? '';
  const verified = verify(secrets, id, c.req.header('webhook-timestamp') ?? '', body, c.req.header('webhook-signature') ?? '');
  let type = '?';
  try {
    type = String((JSON.parse(body) as { type?: unknown }).type ?? '?');
  } catch {
    /* logged as unreadable */
  }
  log.unshift({ receivedAt: new Date().toISOString(), id, type, verified, body: body.slice(0, 4000) });
  log.length = Math.min(log.length, MAX_LOG);
  return verified ? c.body(null, 204) : c.json({ error: 'signature did not verify' }, 400);
});
router.get('/dev/webhooks.json', (c) => c.json({ data: log.map(({ body, ...rest }) => ({ ...rest, body })) }));
router.get('/dev/webhooks', (c) => {
  const rows = log
    .map((r) => `<details><summary><code>${esc(r.type)}</code> · ${esc(r.receivedAt)} · ${r.verified ? 'signatur verifierad' : '<b>signatur ogiltig</b>'} · <small>${esc(r.id)}</small></summary><pre>${esc(r.body)}</pre></details>`)
    .join('');
  return c.html(`<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Webhook-logg</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}details{border:1px solid #dde3e8;border-radius:8px;padding:.5rem 1rem;margin:.5rem 0}pre{white-space:pre-wrap;font-size:.85em}</style></head>
<body><h1>Webhook-logg</h1><p>Det inbyggda demomottagaren tar emot demoåterförsäljarens webhooks på <code>${DEMO_CONSUMER_PATH}</code> och verifierar signaturen (Standard Webhooks, <code>v1</code>). Senaste ${log.length} leveranser, nyast först. Sidan uppdateras inte av sig själv.</p>
${rows || '<p>Inga leveranser än. Skapa ett provkonto på <a href="/">startsidan</a>.</p>'}</body></html>`);
});

export default router;
