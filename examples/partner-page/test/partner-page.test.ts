/**
 * @module The example partner page, served by its own `npm start`: well-formed HTML that loads the widget from the
 * service, and (with Chromium present) a real browser where the portal starts on a session from the example backend.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { ResellerKit } from '@resellerkit/sdk';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../packages/server/src/config.js';
import { startServer, type RunningServer } from '../../../packages/server/src/app/server.js';
import { createTestStore, type TestStore } from '@resellerkit/dev-env/stores';
import { createExampleApp } from '../../reseller-backend/src/app.js';
import { Mirror } from '../../reseller-backend/src/mirror.js';
import { freePort } from '@resellerkit/dev-env/processes';

const PAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ADMIN_KEY = 'rk_admin_example_test_0123456789';
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** `npm start` in the page's folder, in its own process group so stopping it stops tsx under npm too. */
async function startPage(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn('npm', ['start'], { cwd: PAGE_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`partner page did not start:\n${out}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`partner page exited early:\n${out}`));
    });
  });
  return { child, url };
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid!, 'SIGTERM');
  return exited;
}

/** What a browser would silently repair: unbalanced or misnested tags, duplicate ids, a missing doctype, charset, lang or title. */
function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  if (!/^<!doctype html>/i.test(html.trimStart())) problems.push('no <!doctype html> first');
  if (!/<html[^>]*\slang="[a-z]{2}"/.test(html)) problems.push('<html> has no lang');
  if (!/<meta charset="utf-8">/i.test(html)) problems.push('no <meta charset="utf-8">');
  if (!/<title>[^<]+<\/title>/.test(html)) problems.push('no title');
  const text = html.replace(/<!--[\s\S]*?-->/g, '').replace(/(<(script|style)\b[^>]*>)[\s\S]*?(<\/\2>)/gi, '$1$3');
  const open: string[] = [];
  for (const [, close, name] of text.matchAll(/<(\/?)([a-zA-Z][\w-]*)\b[^>]*>/g)) {
    const tag = name!.toLowerCase();
    if (VOID.has(tag)) continue;
    if (!close) open.push(tag);
    else if (open.pop() !== tag) problems.push(`</${tag}> closes something else`);
  }
  if (open.length) problems.push(`never closed: ${open.join(', ')}`);
  const ids = [...text.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
  const dupes = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (dupes.length) problems.push(`duplicate ids: ${dupes.join(', ')}`);
  return problems;
}

describe('examples/partner-page', () => {
  let dir: string;
  let store: TestStore;
  let service: RunningServer;
  let backend: ServerType;
  let mirror: Mirror;
  let page: { child: ChildProcess; url: string };
  let pageOrigin: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rk-partner-page-'));
    store = await createTestStore('sqlite');
    service = await startServer({ config: loadConfig({ PORT: '0', DATABASE_URL: store.url, RESELLERKIT_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', NODE_ENV: 'test' }), workers: false });

    // The page's origin must be known before the reseller is created: it goes into allowedOrigins.
    const pagePort = await freePort();
    pageOrigin = `http://127.0.0.1:${pagePort}`;
    const admin = new ResellerKit({ apiKey: ADMIN_KEY, baseUrl: service.url });
    const reseller = await admin.admin.resellers.create({ name: 'Fastighetsförvaltarna AB', orgNumber: '556123-4567', contactEmail: 'it@forvaltarna.example', discountPercent: 15, allowedOrigins: [pageOrigin] });
    const { key } = await admin.admin.resellers.createApiKey(reseller.id, { name: 'partner page backend' });

    mirror = new Mirror(join(dir, 'mirror.db'));
    const app = createExampleApp({ rk: new ResellerKit({ apiKey: key, baseUrl: service.url }), mirror, webhookSecret: 'whsec_dW51c2Vk', pageOrigin });
    const backendUrl = await new Promise<string>((resolve) => {
      backend = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(`http://127.0.0.1:${info.port}`));
    });
    page = await startPage({ PORT: String(pagePort), RESELLERKIT_URL: service.url, RESELLER_BACKEND_URL: backendUrl });
  }, 90_000);

  afterAll(async () => {
    if (page) await stopGroup(page.child);
    await new Promise((r) => (backend ? backend.close(r) : r(undefined)));
    mirror?.close();
    await service?.close();
    await store?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves well-formed HTML that loads widget.js from the service and embeds <resellerkit-portal>', async () => {
    const res = await fetch(`${pageOrigin}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(htmlProblems(html)).toEqual([]);
    expect(html).toContain(`<script type="module" src="${service.url}/widget.js"></script>`);
    expect(html).toMatch(new RegExp(`<resellerkit-portal id="portal" api-base="${service.url}" locale="sv">`));
    expect(html).toContain('portal.fetchSession = async');

    const widget = await fetch(`${service.url}/widget.js`, { headers: { origin: pageOrigin } });
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    expect(widget.headers.get('access-control-allow-origin')).toBe('*');
    expect(await widget.text()).toContain('resellerkit-portal');
  });

  it('the checked-in page, unserved, points at the default local addresses', async () => {
    const { readFile } = await import('node:fs/promises');
    const html = await readFile(join(PAGE_DIR, 'public/index.html'), 'utf8');
    expect(htmlProblems(html)).toEqual([]);
    expect(html).toContain('<script type="module" src="http://localhost:8787/widget.js"></script>');
    expect(html).toContain('<meta name="reseller-backend" content="http://localhost:3001">');
  });

  it('serves nothing outside public/', async () => {
    for (const path of ['/../package.json', '/%2e%2e/serve.ts', '/missing.html']) {
      const res = await fetch(`${pageOrigin}${path}`);
      expect(res.status, path).toBe(404);
    }
  });

  it.skipIf(!existsSync(CHROMIUM))('starts the portal in a browser on a session its backend minted', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      const tab = await browser.newPage();
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      const session = tab.waitForResponse((r) => r.url().endsWith('/session') && r.request().method() === 'POST');
      // The portal's first call with that token, from the page's origin: the service accepted the session.
      const trials = tab.waitForResponse((r) => r.url().startsWith(`${service.url}/v1/trials`) && r.request().method() === 'GET');
      await tab.goto(`${pageOrigin}/`);
      expect((await session).status()).toBe(201);
      expect((await trials).status()).toBe(200);
      await tab.getByRole('tab', { name: 'Provkonton' }).waitFor({ timeout: 20_000 });
      await tab.getByRole('tab', { name: 'Kunder' }).waitFor({ timeout: 5_000 });
      expect(await tab.evaluate(() => customElements.get('resellerkit-portal') !== undefined)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
