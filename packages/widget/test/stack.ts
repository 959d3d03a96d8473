/** @module The real stack for browser tests: the API server in-process, a partner's PMS page on another origin whose backend mints sessions, and headless Chromium. */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../server/src/config.js';
import { DEMO_ADMIN_KEY, DEMO_RESELLER_KEY, seedDemo } from '../../server/src/demo/seed.js';
import { createOrganization } from '../../server/src/modules/organizations/service.js';
import { createReseller } from '../../server/src/modules/vendor/service.js';
import { startServer, type RunningServer } from '../../server/src/app/server.js';
import { freePort } from '@resellerkit/dev-env/processes';
import { createTestStore, type TestStore } from '@resellerkit/dev-env/stores';

export const SCREENSHOTS = fileURLToPath(new URL('../test-results/screenshots/', import.meta.url));

/** A minimal valid PDF, as a partner would upload the signed agreement. */
export const AGREEMENT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface Stack {
  api: RunningServer;
  /** The partner's PMS (origin in the demo reseller's allowedOrigins). */
  partner: string;
  /** Another site, allowed for a different reseller only: CORS passes there, the stolen token must not. */
  foreign: string;
  browser: Browser;
  /** A call as the reseller's backend would make it, with the reseller key. */
  asReseller(method: string, path: string, body?: unknown): Promise<any>;
  /** A call with the vendor's admin key. */
  asAdmin(method: string, path: string, body?: unknown): Promise<any>;
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** The nonce of the partner page's own inline blocks when it is served with `?csp=1`. */
export const PAGE_NONCE = 'cGFydG5lci1wYWdl';

/**
 * The strict policy docs/widget.md tells partners to send, for a page that loads the widget from `apiBase` and
 * whose own inline blocks carry `nonce`.
 */
export function strictPolicy(apiBase: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'self' ${apiBase} 'nonce-${nonce}'`,
    `style-src 'self' 'nonce-${nonce}'`,
    `connect-src 'self' ${apiBase}`,
    "img-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "require-trusted-types-for 'script'",
    'trusted-types lit-html',
  ].join('; ');
}

/**
 * The partner page: loads our bundle from the API server and asks its own backend for sessions.
 * `?locale=`, `?lang=`; `?review=1` adds the vendor's review element (admin session); `?user=` names the user the
 * backend mints for; `?session=own` mints for the page's own origin (refused where it is not allowed); `?csp=1`
 * serves the page under the strict policy.
 */
function partnerPage(apiBase: string, url: URL): string {
  const locale = url.searchParams.get('locale');
  const lang = url.searchParams.get('lang') ?? 'sv';
  const review = url.searchParams.get('review') === '1';
  const nonce = url.searchParams.get('csp') === '1' ? ` nonce="${PAGE_NONCE}"` : '';
  const session = (scope: string) => `'/session?scope=${scope}&user=${encodeURIComponent(url.searchParams.get('user') ?? 'partner-user-1')}&origin=${url.searchParams.get('session') ?? ''}'`;
  const localeAttr = locale ? ` locale="${locale}"` : '';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Partner PMS</title><style${nonce}>body{font-family:system-ui;margin:0;padding:16px;background:#f7f7f9}resellerkit-order-review{display:block;margin-top:24px}</style></head><body>
<resellerkit-portal api-base="${apiBase}"${localeAttr}></resellerkit-portal>
${review ? `<resellerkit-order-review api-base="${apiBase}"${localeAttr}></resellerkit-order-review>` : ''}
<script type="module"${nonce}>
import '${apiBase}/widget.js';
window.__events = [];
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
for (const type of ['resellerkit-trial-created', 'resellerkit-order-submitted', 'resellerkit-order-approved', 'resellerkit-order-rejected', 'resellerkit-error'])
  document.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail, composed: e.composed, bubbles: e.bubbles }));
const fetchSession = (path) => async () => {
  const res = await fetch(path, { method: 'POST' });
  const body = await res.json();
  // As docs/widget.md suggests: the API's error code travels with the error, so the widget can explain it.
  if (!res.ok) throw Object.assign(new Error('session ' + res.status), { code: body.error?.code });
  return body;
};
document.querySelector('resellerkit-portal').fetchSession = fetchSession(${session('reseller')});
const review = document.querySelector('resellerkit-order-review');
if (review) review.fetchSession = fetchSession(${session('admin')});
</script></body></html>`;
}

export async function startStack(): Promise<Stack> {
  const partnerServer = createServer();
  const foreignServer = createServer();
  const partnerPort = await listen(partnerServer);
  const foreignPort = await listen(foreignServer);
  const partner = `http://127.0.0.1:${partnerPort}`;
  // "localhost" and a different port: a different site as well as a different origin.
  const foreign = `http://localhost:${foreignPort}`;

  // The browser flow runs on PostgreSQL too when TEST_DATABASE_URL is set.
  const store: TestStore = await createTestStore(process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite');
  const port = await freePort();
  const apiUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({ PORT: String(port), DATABASE_URL: store.url, PUBLIC_URL: apiUrl, RESELLERKIT_ADMIN_KEY: DEMO_ADMIN_KEY, NODE_ENV: 'development', LOG_LEVEL: 'silent' });
  // The demo page (the vendor's review beside the portal) is a development route: mounted with --demo only.
  const api = await startServer({ config, workers: false, demo: true });
  await seedDemo(api.services.ctx, { origins: [apiUrl, partner] });
  await createReseller(api.services.ctx, { name: 'Annan partner AB', orgNumber: '556000-0000', contactEmail: 'x@annan.example', discountPercent: 10, allowedOrigins: [foreign] });
  const { resellerId } = await seedDemo(api.services.ctx);
  const actor = { kind: 'reseller' as const, resellerId, credentialId: 'test' };
  await createOrganization(api.services.ctx, actor, { name: 'Brf Tangenten', orgNumber: '769622-3344' });

  const as = (key: string) => async (method: string, path: string, body?: unknown) => {
    const res = await fetch(apiUrl + path, { method, headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  const asReseller = as(DEMO_RESELLER_KEY);
  const asAdmin = as(DEMO_ADMIN_KEY);

  /** What a partner's backend does at POST /session: mints a session for `origin` (its own page's, normally) with its key. */
  const session = async (url: URL, ownOrigin: string) => {
    const origin = url.searchParams.get('origin') === 'own' ? ownOrigin : partner;
    const user = { id: url.searchParams.get('user') || 'partner-user-1' };
    return url.searchParams.get('scope') === 'admin' ? asAdmin('POST', '/v1/widget-sessions', { origin, user }) : asReseller('POST', '/v1/widget-sessions', { origin, user });
  };
  const page = (res: ServerResponse, url: URL) => {
    const html = partnerPage(apiUrl, url);
    const csp = url.searchParams.get('csp') === '1' ? { 'content-security-policy': strictPolicy(apiUrl, PAGE_NONCE) } : {};
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...csp }).end(html);
  };

  /** The partner's backend: mints a session for its own origin with its reseller key, as docs/widget.md shows. */
  partnerServer.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', partner);
    if (req.method === 'POST' && url.pathname === '/session') {
      const minted = await session(url, partner);
      res.writeHead(minted.status, { 'content-type': 'application/json' }).end(JSON.stringify(minted.body));
      return;
    }
    page(res, url);
  });
  /** The foreign site replays a token that was minted for the partner's origin. */
  foreignServer.on('request', async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', foreign);
    if (req.method === 'POST' && url.pathname === '/session') {
      // By default a token minted for the partner's origin, replayed here; `?origin=own` asks for this origin instead.
      const minted = await session(url, foreign);
      res.writeHead(minted.status, { 'content-type': 'application/json' }).end(JSON.stringify(minted.body));
      return;
    }
    page(res, url);
  });

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  mkdirSync(SCREENSHOTS, { recursive: true });

  return {
    api,
    partner,
    foreign,
    browser,
    asReseller,
    asAdmin,
    async screenshot(page, name) {
      const path = `${SCREENSHOTS}${name}.png`;
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await browser.close();
      await api.close();
      await new Promise((r) => partnerServer.close(r));
      await new Promise((r) => foreignServer.close(r));
      await store.drop();
    },
  };
}

/** The focused element, looking through shadow roots: its accessible label or text. */
export async function focused(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    let a: Element | null = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return null;
    const labelled = a.getAttribute('aria-label');
    if (labelled) return labelled;
    const id = a.id;
    const root = a.getRootNode() as ShadowRoot | Document;
    const label = id ? root.querySelector(`label[for="${id}"]`)?.textContent : null;
    return (label ?? a.textContent ?? '').trim();
  });
}

export { DEMO_RESELLER_KEY };
