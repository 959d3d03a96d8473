/**
 * @module The built SDK in a real browser (headless Chromium), on a page of another origin than the API: every call
 * is a CORS request with a preflight for the SDK's own headers (Authorization, Content-Type, Idempotency-Key,
 * X-ResellerKit-SDK), and errors must be readable (status, type, request id).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { startServer, type RunningServer } from '../../server/src/app/server.js';
import { TEST_ADMIN_KEY } from '@resellerkit/dev-env/harness';
import { createTestStore } from '@resellerkit/dev-env/stores';
import { ResellerKit } from '../src/index.js';

const BUNDLE = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const PAGE = `<!doctype html><meta charset="utf-8"><title>PMS</title>
<script type="module">
import { ResellerKit, APIError } from '/sdk.js';
// A failure comes back as data: an error thrown across page.evaluate loses its class and message.
window.run = async (apiKey, baseUrl) => {
  try {
    return await calls(apiKey, baseUrl);
  } catch (e) {
    return { thrown: e.name + ': ' + e.message };
  }
};
const calls = async (apiKey, baseUrl) => {
  const rk = new ResellerKit({ apiKey, baseUrl, maxRetries: 0 });
  const org = await rk.organizations.create({ name: 'Brf Webbläsaren' });
  const trials = await rk.trials.list({ limit: 5 });
  let error = null;
  try {
    await rk.trials.retrieve('trial_nope');
  } catch (e) {
    error = { name: e.name, api: e instanceof APIError, status: e.status, type: e.type, requestId: e.requestId };
  }
  return { org: org.id, trials: trials.data.length, error };
};
window.ready = true;
</script>`;

describe('the built SDK in Chromium, from another origin', () => {
  let api: RunningServer;
  let drop: () => Promise<void>;
  let page: Server;
  let pageOrigin: string;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    page = createServer((req, res) => {
      if (req.url === '/sdk.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(BUNDLE));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
    });
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    // "localhost" on another port: another origin (and site) than the API on 127.0.0.1.
    pageOrigin = `http://localhost:${(page.address() as AddressInfo).port}`;

    const store = await createTestStore('sqlite');
    drop = store.drop;
    api = await startServer({ config: loadConfig({ DATABASE_URL: store.url, PORT: '0', RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'silent', NODE_ENV: 'test' }), workers: false });
    const admin = new ResellerKit({ apiKey: TEST_ADMIN_KEY, baseUrl: api.url });
    const reseller = await admin.admin.resellers.create({ name: 'PMS AB', orgNumber: '556677-8899', contactEmail: 'p@pms.test', discountPercent: 10, allowedOrigins: [pageOrigin] });
    const { key } = await admin.admin.resellers.createApiKey(reseller.id, { name: 'backend' });
    // As in production: the page's backend mints a widget session for the page's origin; the browser holds only that.
    token = (await new ResellerKit({ apiKey: key, baseUrl: api.url }).widgetSessions.create({ origin: pageOrigin })).token;

    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await drop?.();
    await new Promise((r) => page?.close(r));
  });

  it('creates, lists and reads errors through CORS preflights', async () => {
    const tab = await browser.newPage();
    await tab.goto(pageOrigin);
    await tab.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    const result = await tab.evaluate(([t, base]) => (window as unknown as { run(t: string, b: string): Promise<unknown> }).run(t, base), [token, api.url] as const);
    expect(result).toEqual({
      org: expect.stringMatching(/^org_/),
      trials: 0,
      error: { name: 'NotFoundError', api: true, status: 404, type: 'not_found', requestId: expect.stringMatching(/^req_/) },
    });
    await tab.close();
  });
});
