/** @module GET /widget.js: the built widget bundle, cacheable, with a sha256 ETag (the same digest partners pin as a Subresource Integrity hash). */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createRouter } from '../http/router.js';

export const WIDGET_BUNDLE = fileURLToPath(new URL('../../../widget/dist/widget.js', import.meta.url));

interface Bundle {
  mtimeMs: number;
  body: Buffer;
  etag: string;
  integrity: string;
}
let loaded: Bundle | null = null;

/** Reads the bundle once and again only when the file changes (a rebuild during development). */
export async function widgetBundle(path = WIDGET_BUNDLE): Promise<Bundle | null> {
  try {
    const { mtimeMs } = await stat(path);
    if (loaded && loaded.mtimeMs === mtimeMs) return loaded;
    const body = await readFile(path);
    const digest = createHash('sha256').update(body).digest();
    loaded = { mtimeMs, body, etag: `"${digest.toString('hex')}"`, integrity: `sha256-${digest.toString('base64')}` };
    return loaded;
  } catch {
    return null;
  }
}

const router = createRouter();
router.get('/widget.js', async (c) => {
  const bundle = await widgetBundle();
  if (!bundle) return c.json({ error: { type: 'unavailable', message: 'The widget is not built; run `npm run build -w @resellerkit/widget`.', requestId: c.get('requestId') } }, 503);
  const headers = {
    'content-type': 'application/javascript; charset=utf-8',
    // Not content-addressed by URL, so revalidate after five minutes; the ETag makes that a 304.
    'cache-control': 'public, max-age=300, stale-while-revalidate=86400',
    etag: bundle.etag,
    'x-content-integrity': bundle.integrity,
    // Module scripts load in CORS mode: every partner page must be able to import it.
    'access-control-allow-origin': '*',
    'cross-origin-resource-policy': 'cross-origin',
  };
  if (c.req.header('if-none-match')?.split(',').some((t) => t.trim() === bundle.etag)) return c.body(null, 304, headers);
  return c.body(new Uint8Array(bundle.body), 200, headers);
});

export default router;
