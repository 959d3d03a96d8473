/**
 * @module The start page: a short description of the service; with `serve --demo`, "Förvaltarportalen", a demo
 * property-management system embedding the widget (and the vendor's review beside it).
 */
import type { Context } from 'hono';
import { mintWidgetSession } from '../auth/widget-sessions.js';
import { tokenHash } from '../auth/secrets.js';
import type { Actor, Ctx } from '../app/context.js';
import { DEMO_ADMIN_KEY, DEMO_RESELLER_KEY } from './seed.js';
import { NotFoundError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { createRouter } from '../http/router.js';

/** The demo reseller's id when the demo can run here: never in production, only with the well-known demo key seeded. */
async function demoReseller(ctx: Ctx): Promise<string | null> {
  if (ctx.config.NODE_ENV === 'production') return null;
  const row = await ctx.db.selectFrom('api_keys').select('reseller_id').where('key_hash', '=', tokenHash(DEMO_RESELLER_KEY)).where('revoked_at', 'is', null).executeTakeFirst();
  return row?.reseller_id ?? null;
}

function demoAdmin(ctx: Ctx): boolean {
  return ctx.config.NODE_ENV !== 'production' && ctx.config.RESELLERKIT_ADMIN_KEY === DEMO_ADMIN_KEY;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1c2430;background:#eef1f4}
header{background:#17324d;color:#fff;padding:.75rem 1.25rem;display:flex;flex-wrap:wrap;gap:.5rem 2rem;align-items:center}
header strong{font-size:1.15rem;letter-spacing:.01em}header nav{display:flex;flex-wrap:wrap;gap:1rem}header nav a{color:#cfe0f0;text-decoration:none}
header nav a[aria-current]{color:#fff;border-bottom:2px solid #f0b400}
main{display:grid;gap:1.25rem;padding:1.25rem;grid-template-columns:minmax(0,1fr)}
@media(min-width:72rem){main.with-review{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}}
section.card{background:#fff;border-radius:10px;padding:1.25rem;box-shadow:0 1px 3px rgb(0 0 0/.08);min-width:0}
h1{font-size:1.35rem;margin:0 0 .25rem}p.lead{margin:0 0 1rem;color:#56606c}
.note{font-size:.875rem;color:#56606c;border-top:1px solid #dde3e9;margin-top:1rem;padding-top:.75rem}
a{color:#0b5cad}`;

function demoPage(withReview: boolean): string {
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Förvaltarportalen – återförsäljning</title><style>${STYLE}</style></head><body>
<header><strong>Förvaltarportalen</strong><nav aria-label="Huvudmeny"><a href="#">Fastigheter</a><a href="#">Underhållsplaner</a><a href="#">Dokument</a><a href="#" aria-current="page">Återförsäljning</a></nav></header>
<main class="${withReview ? 'with-review' : ''}">
<section class="card" aria-labelledby="portal-title"><h1 id="portal-title">Återförsäljning av underhållsplanering</h1>
<p class="lead">Skapa provkonton åt era kunder, följ beställningar och se era intäkter – direkt i Förvaltarportalen.</p>
<resellerkit-portal id="portal" api-base=""></resellerkit-portal>
<p class="note">Demosida: elementet <code>&lt;resellerkit-portal&gt;</code> laddas från <a href="/widget.js">/widget.js</a>. Se <a href="/docs">API-referensen</a>, <a href="/dev/mail">utvecklingsbrevlådan</a> och <a href="/dev/webhooks">webhook-loggen</a>.</p></section>
${withReview ? `<section class="card" aria-labelledby="review-title"><h1 id="review-title">Leverantörens granskning</h1>
<p class="lead">Endast i utveckling: <code>&lt;resellerkit-order-review&gt;</code> med en administratörssession.</p>
<resellerkit-order-review id="review" api-base=""></resellerkit-order-review></section>` : ''}
</main>
<script type="module">
import '/widget.js';
// The page's own backend mints the sessions; here that is the demo endpoint on the same server.
const session = (scope) => async () => {
  const res = await fetch('/demo/widget-session?scope=' + scope, { method: 'POST' });
  const body = await res.json();
  // The API's code travels with the error, so the widget explains it in its own language.
  if (!res.ok) throw Object.assign(new Error(body.error.message), { code: body.error.code, status: res.status });
  return body;
};
const portal = document.getElementById('portal');
const review = document.getElementById('review');
portal.fetchSession = session('reseller');
// The two elements follow each other's events: an order submitted joins the queue, a decision updates the tabs.
if (review) review.fetchSession = session('admin');
</script></body></html>`;
}

const INFO = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>resellerkit</title><style>${STYLE}</style></head>
<body><header><strong>resellerkit</strong></header><main><section class="card"><h1>resellerkit</h1>
<p>Återförsäljarnas API och widget. <a href="/docs">API-referens</a> · <a href="/openapi.json">openapi.json</a> · <a href="/widget.js">widget.js</a></p></section></main></body></html>`;

/** Without --demo: what this service is, and where its reference lives. */
const router = createRouter();
router.get('/', (c) => c.html(INFO));

/** With --demo only (mounted before the API): the demo page and its session endpoint. */
export const demoPages = createRouter();

demoPages.get('/', async (c) => {
  const ctx = c.get('ctx');
  if (!(await demoReseller(ctx))) return c.html(INFO);
  return c.html(demoPage(demoAdmin(ctx)));
});

/** Demo only: plays the host system's backend, minting a session for the page that asks. */
demoPages.post('/demo/widget-session', async (c: Context<AppEnv>) => {
  const ctx = c.get('ctx');
  const origin = c.req.header('origin') ?? new URL(ctx.config.PUBLIC_URL).origin;
  let actor: Actor;
  if (c.req.query('scope') === 'admin') {
    if (!demoAdmin(ctx)) throw new NotFoundError('demo admin session');
    actor = { kind: 'admin', credentialId: 'demo' };
  } else {
    const resellerId = await demoReseller(ctx);
    if (!resellerId) throw new NotFoundError('demo reseller');
    actor = { kind: 'reseller', resellerId, credentialId: 'key_demo' };
  }
  c.header('cache-control', 'no-store');
  return c.json(await mintWidgetSession(ctx, actor, { origin, user: { name: 'Demo' } }), 201);
});

export default router;
