/**
 * @module The widget bundle: `GET /widget/<version>/widget.js` and its chunks `GET /widget/<version>/chunks/<file>`,
 * immutable and cached for a year, each with a sha256 ETag and the Subresource Integrity value partners pin; and
 * `GET /widget.js`, the moving alias, a redirect to the current version's entry.
 *
 * A version's files are archived in the store the first time the service has them (widget_releases), so a page pinned
 * to `/widget/0.1.0/widget.js` with its integrity hash keeps loading the same bytes, chunks included, after later
 * deploys. The alias redirects rather than answering with the entry's bytes: a module's relative imports resolve
 * against the URL it finally came from, so its chunks come from its own version's folder, never from another build's.
 */
import type { Context } from 'hono';
import { digestOf, releaseContent, releaseIntegrity } from './service.js';
import type { AppEnv } from '../../http/env.js';
import { createRouter } from '../../http/router.js';

const ALIAS_CACHE = 'public, max-age=300, stale-while-revalidate=86400';
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

function send(c: Context<AppEnv>, body: Uint8Array, version: string, cacheControl: string) {
  const digest = digestOf(body);
  const etag = `"${digest.toString('hex')}"`;
  const headers = {
    'content-type': 'application/javascript; charset=utf-8',
    'cache-control': cacheControl,
    etag,
    'x-content-integrity': `sha256-${digest.toString('base64')}`,
    'x-widget-version': version,
    // Module scripts load in CORS mode: every partner page must be able to import it.
    'access-control-allow-origin': '*',
    'cross-origin-resource-policy': 'cross-origin',
  };
  if (c.req.header('if-none-match')?.split(',').some((t) => t.trim() === etag)) return c.body(null, 304, headers);
  return c.body(new Uint8Array(body), 200, headers);
}

const notBuilt = (c: Context<AppEnv>) =>
  c.json({ error: { type: 'unavailable', message: 'The widget is not built; run `npm run build -w @resellerkit/widget`.', requestId: c.get('requestId') } }, 503);

const router = createRouter();
router.get('/widget.js', async (c) => {
  const bundle = await c.get('ctx').caches.widgetBundle.current();
  if (!bundle) return notBuilt(c);
  const target = `/widget/${bundle.version}/widget.js`;
  // It moves with every deploy, so a browser asks again after five minutes.
  c.header('cache-control', ALIAS_CACHE);
  c.header('link', `<${target}>; rel="canonical"`);
  c.header('x-widget-version', bundle.version);
  c.header('access-control-allow-origin', '*');
  c.header('cross-origin-resource-policy', 'cross-origin');
  return c.redirect(target, 302);
});

async function release(c: Context<AppEnv>, file: string) {
  const version = c.req.param('version') ?? '';
  const content = await releaseContent(c.get('ctx'), version, file);
  if (!content) return c.json({ error: { type: 'not_found', message: `No widget file '${file}' in version '${version}' here; /widget.js is the current one.`, requestId: c.get('requestId') } }, 404);
  return send(c, content, version, IMMUTABLE_CACHE);
}

router.get('/widget/:version/widget.js', (c) => release(c, 'widget.js'));

/**
 * The import map that pins a version's files, chunks included, to their hashes: `<script integrity>` covers only the
 * entry, and the browser checks what a module imports against the page's import map. Read once, like the entry's
 * hash, and pasted into the page.
 */
router.get('/widget/:version/importmap.json', async (c) => {
  const version = c.req.param('version');
  const files = await releaseIntegrity(c.get('ctx'), version);
  if (!files) return c.json({ error: { type: 'not_found', message: `No widget version '${version}' here; /widget.js is the current one.`, requestId: c.get('requestId') } }, 404);
  const base = `${c.get('ctx').config.PUBLIC_URL.replace(/\/$/, '')}/widget/${version}/`;
  c.header('cache-control', IMMUTABLE_CACHE);
  c.header('access-control-allow-origin', '*');
  return c.json({ integrity: Object.fromEntries([...files].map(([file, sri]) => [base + file, sri])) });
});
router.get('/widget/:version/chunks/:file', (c) => release(c, `chunks/${c.req.param('file')}`));

export default router;
