/**
 * @module The API reference at /docs: Scalar's renderer over /openapi.json (navigation, search, operations grouped by
 * tag, examples, try-it against this server). Its script is served by this server from the package (src/app/assets.ts),
 * never from a CDN, so the page works offline and makes no request to another origin.
 */
import { readFile } from 'node:fs/promises';
import { renderApiReference } from '@scalar/client-side-rendering';
import { assetPath } from '../app/assets.js';
import { pagePolicy } from '../http/page-policy.js';
import { createRouter } from '../http/router.js';

export const REFERENCE_SCRIPT = '/docs/scalar.js';

const html = renderApiReference({
  pageTitle: 'resellerkit API',
  cdn: REFERENCE_SCRIPT,
  config: {
    url: '/openapi.json',
    theme: 'default',
    // Everything the renderer would fetch from elsewhere stays off: its web fonts, telemetry, the hosted client, its AI chat.
    withDefaultFonts: false,
    telemetry: false,
    hideClientButton: true,
    agent: { disabled: true },
    showDeveloperTools: 'never',
    documentDownloadType: 'json',
    // Try-it sends the key the reader types in as a bearer token to this server (the document's one server is '/').
    authentication: { preferredSecurityScheme: 'bearer' },
  },
});

/**
 * The renderer builds its DOM and styles at run time (Vue), which the site policy's Trusted Types and hash-only styles
 * would refuse: this page alone allows run-time styles. Scripts and connections stay this origin's only.
 */
const policy = `${pagePolicy(html, { runtimeStyles: true, trustedTypes: false })}; font-src 'self' data:; worker-src 'self' blob:`;

let script: Promise<Buffer> | undefined;
const router = createRouter();
router.get('/docs', (c) => c.html(html, 200, { 'content-security-policy': policy }));
router.get(REFERENCE_SCRIPT, async (c) => {
  // Read once per process (4.7 MB); a failed read is tried again on the next request.
  script ??= readFile(assetPath('scalar.js')).catch((err: unknown) => {
    script = undefined;
    throw err;
  });
  c.header('content-type', 'text/javascript; charset=utf-8');
  c.header('cache-control', 'public, max-age=3600');
  return c.body(new Uint8Array(await script));
});

export default router;
