/**
 * @module The signing page's addresses (`/sign/{token}` and its PDF, sign and decline posts): no login, the link is the
 * credential. Posts must come from the page itself (Origin, or Sec-Fetch-Site where a browser sends no Origin) and
 * draw on a per-link bucket of attempts, so a leaked link cannot be hammered or posted to from another site.
 */
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { chooseLocale } from './accept-language.js';
import { declineAgreement, signAgreement, signingDraft, signingFormFaults, signingPageState } from './signing.js';
import { CONSENT_TEXT, readDeclineForm, readSignForm } from './signing-form.js';
import { escapeHtml, renderSigningPage, signingPageStatus, SIGNING_PAGE_STYLE, type SigningPageState } from './signing-page.js';
import { hashSigningToken } from './signing-token.js';

type C = Context<AppEnv>;

const localeOf = (c: C) => chooseLocale(c.req.query('lang'), c.req.header('accept-language'));

function page(c: C, state: SigningPageState) {
  c.header('cache-control', 'no-store');
  return c.html(renderSigningPage(state, localeOf(c)), signingPageStatus(state));
}

/** A refusal that is no state of the link (a foreign post, too many posts): one line, in the page's own style. */
function refusal(c: C, status: 403 | 429, text: { sv: string; en: string }) {
  const locale = localeOf(c);
  c.header('cache-control', 'no-store');
  return c.html(`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(text[locale])}</title><style>${SIGNING_PAGE_STYLE}</style></head><body><main><h1>${escapeHtml(text[locale])}</h1></main></body></html>`, status);
}

/**
 * A post from this service's own page: its Origin is PUBLIC_URL's. The page asks for no referrer, so Chromium sends
 * `Origin: null` with its form posts; then, as when a client sends no Origin at all, the browser's Sec-Fetch-Site
 * decides. An opaque origin from elsewhere (a sandboxed frame on another site) is `null` and cross-site: refused.
 */
function fromOwnPage(c: C): boolean {
  const own = new URL(c.get('ctx').config.PUBLIC_URL).origin;
  const origin = c.req.header('origin');
  const site = c.req.header('sec-fetch-site');
  if (origin !== undefined && origin !== 'null') return origin === own;
  if (origin === 'null') return site === 'same-origin';
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** Guards a post: the origin, then the link's bucket. Null when the post may go on. */
async function guardPost(c: C, token: string) {
  if (!fromOwnPage(c)) return refusal(c, 403, { sv: 'Formuläret kan bara skickas från signeringssidan.', en: 'The form can only be sent from the signing page.' });
  // A link's posts are attempts at a secret-bearing form, like password attempts: the same small bucket
  // (LOGIN_ATTEMPT_LIMIT per 15 minutes), keyed by the link. A signer needs one or two; a script gets nowhere.
  const limiter = c.get('limits').passwordAttempts;
  if (limiter) {
    const r = await limiter.take(`sign:${hashSigningToken(token)}`);
    if (!r.ok) {
      c.header('retry-after', String(r.retryAfterSeconds));
      return refusal(c, 429, { sv: 'För många försök. Vänta en stund och försök igen.', en: 'Too many attempts. Wait a moment and try again.' });
    }
  }
  return null;
}

async function formOf(c: C): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data') ? ((await c.req.parseBody()) as Record<string, unknown>) : {};
}

const router = new Hono<AppEnv>();
router.get('/sign/:token', async (c) => page(c, await signingPageState(c.get('ctx'), c.req.param('token'))));
router.get('/sign/:token/agreement.pdf', async (c) => {
  const draft = await signingDraft(c.get('ctx'), c.req.param('token'));
  if (!draft.ok) return page(c, draft.state);
  c.header('cache-control', 'no-store');
  return c.body(draft.bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/pdf', 'content-disposition': 'inline; filename="avtal.pdf"' });
});
router.post('/sign/:token', async (c) => {
  const token = c.req.param('token');
  const refused = await guardPost(c, token);
  if (refused) return refused;
  const fields = await formOf(c);
  const read = readSignForm(fields);
  const ctx = c.get('ctx');
  if (!read.ok) return page(c, await signingFormFaults(ctx, token, { name: typeof fields.name === 'string' ? fields.name : '', signFaults: read.faults }));
  const client = { ipAddress: c.get('clientAddress') ?? 'okänd', userAgent: c.req.header('user-agent') ?? 'okänd', consentText: CONSENT_TEXT[localeOf(c)] };
  return page(c, await signAgreement(ctx, token, read.value, client));
});
router.post('/sign/:token/decline', async (c) => {
  const token = c.req.param('token');
  const refused = await guardPost(c, token);
  if (refused) return refused;
  const fields = await formOf(c);
  const read = readDeclineForm(fields);
  const ctx = c.get('ctx');
  if (!read.ok) return page(c, await signingFormFaults(ctx, token, { reason: typeof fields.reason === 'string' ? fields.reason : '', declineFaults: read.faults }));
  return page(c, await declineAgreement(ctx, token, read.value));
});

export default router;
