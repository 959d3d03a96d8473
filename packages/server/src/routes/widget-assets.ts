/**
 * @module The widget bundle: `GET /widget/<version>/widget.js`, immutable and cached for a year, and `GET /widget.js`,
 * the moving alias of the current build. Both carry a sha256 ETag and the Subresource Integrity value partners pin.
 *
 * A version's file is archived in the store the first time the service has it (widget_releases), so a page pinned to
 * `/widget/0.1.0/widget.js` with its integrity hash keeps loading the same bytes after later deploys.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';
import type { Ctx } from '../app/context.js';
import type { AppEnv } from '../http/env.js';
import { createRouter } from '../http/router.js';

export const WIDGET_BUNDLE = fileURLToPath(new URL('../../../widget/dist/widget.js', import.meta.url));
const WIDGET_PACKAGE = fileURLToPath(new URL('../../../widget/package.json', import.meta.url));

/** A release version as npm writes them (`0.1.0`, `1.2.0-beta.1`); anything else is not a file we serve. */
const VERSION = /^\d{1,4}\.\d{1,4}\.\d{1,4}(-[0-9A-Za-z.-]{1,32})?$/;
const ALIAS_CACHE = 'public, max-age=300, stale-while-revalidate=86400';
const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

interface Bundle {
  mtimeMs: number;
  version: string;
  body: Buffer;
  etag: string;
  integrity: string;
}
let loaded: Bundle | null = null;

const digestOf = (body: Uint8Array) => createHash('sha256').update(body).digest();

/** Reads the bundle once and again only when the file changes (a rebuild during development). */
export async function widgetBundle(path = WIDGET_BUNDLE): Promise<Bundle | null> {
  try {
    const { mtimeMs } = await stat(path);
    if (loaded && loaded.mtimeMs === mtimeMs) return loaded;
    const body = await readFile(path);
    const { version } = JSON.parse(await readFile(WIDGET_PACKAGE, 'utf8')) as { version: string };
    const digest = digestOf(body);
    loaded = { mtimeMs, version, body, etag: `"${digest.toString('hex')}"`, integrity: `sha256-${digest.toString('base64')}` };
    return loaded;
  } catch {
    return null;
  }
}

/** Keeps the current build under its version, unless that version already has a file: a published version never changes. */
export async function archiveWidgetBundle(ctx: Ctx): Promise<void> {
  const bundle = await widgetBundle();
  if (!bundle) return;
  await ctx.db
    .insertInto('widget_releases')
    .values({ version: bundle.version, sha256: bundle.etag.slice(1, -1), content: bundle.body, created_at: ctx.clock.now().toISOString() })
    .onConflict((oc) => oc.column('version').doNothing())
    .execute();
}

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
  const bundle = await widgetBundle();
  if (!bundle) return notBuilt(c);
  // Not content-addressed by URL, so revalidate after five minutes; the ETag makes that a 304.
  c.header('link', `</widget/${bundle.version}/widget.js>; rel="canonical"`);
  return send(c, bundle.body, bundle.version, ALIAS_CACHE);
});

router.get('/widget/:version/widget.js', async (c) => {
  const version = c.req.param('version');
  const ctx = c.get('ctx');
  const find = () => ctx.db.selectFrom('widget_releases').select('content').where('version', '=', version).executeTakeFirst();
  let release = VERSION.test(version) ? await find() : undefined;
  if (!release && version === (await widgetBundle())?.version) {
    await archiveWidgetBundle(ctx);
    release = await find();
  }
  if (!release) return c.json({ error: { type: 'not_found', message: `No widget version '${version}' here; /widget.js is the current one.`, requestId: c.get('requestId') } }, 404);
  return send(c, new Uint8Array(release.content), version, IMMUTABLE_CACHE);
});

export default router;
