/** `/widget/<version>/widget.js` is immutable: a page pinned to a version and its integrity hash keeps working after deploys. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveWidgetBundle } from '../src/modules/widget-releases/service.js';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

const sri = (body: Uint8Array) => `sha256-${createHash('sha256').update(body).digest('base64')}`;

describe.each(testDialects)('versioned widget files (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it('serves the current build under its version, cached for a year, and the alias points at it', async () => {
    const current = (await h.services.ctx.caches.widgetBundle.current())!;
    expect(current, 'build the widget first: npm run build -w @resellerkit/widget').not.toBeNull();
    const alias = await h.app.request('/widget.js');
    expect(alias.status).toBe(302);
    expect(alias.headers.get('location')).toBe(`/widget/${current.version}/widget.js`);
    expect(alias.headers.get('cache-control')).toMatch(/max-age=300\b/);
    expect(alias.headers.get('link')).toBe(`</widget/${current.version}/widget.js>; rel="canonical"`);

    const pinned = await h.app.request(`/widget/${current.version}/widget.js`);
    expect(pinned.status).toBe(200);
    expect(pinned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(pinned.headers.get('access-control-allow-origin')).toBe('*');
    const body = new Uint8Array(await pinned.arrayBuffer());
    expect(pinned.headers.get('x-content-integrity')).toBe(sri(body));
    expect(Buffer.from(body).equals(current.body)).toBe(true);
    const again = await h.app.request(`/widget/${current.version}/widget.js`, { headers: { 'if-none-match': pinned.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves every chunk the entry imports beside it, immutable, and keeps them with the version', async () => {
    const current = (await h.services.ctx.caches.widgetBundle.current())!;
    // Static and dynamic imports alike, followed from the entry as a browser would: each relative to its importer's URL.
    const folder = `http://x/widget/${current.version}/`;
    const imported = new Set<string>();
    const follow = async (file: string) => {
      const text = Buffer.from(await (await h.app.request(new URL(file, folder).pathname)).arrayBuffer()).toString();
      for (const [, spec] of text.matchAll(/["'](\.{1,2}\/[\w./-]+\.js)["']/g)) {
        const found = new URL(spec!, new URL(file, folder)).href.slice(folder.length);
        if (!imported.has(found)) {
          imported.add(found);
          await follow(found);
        }
      }
    };
    await follow('widget.js');
    expect(imported.size, 'the entry loads its lazy views from chunks/').toBeGreaterThanOrEqual(3);
    // Every chunk of the build is reachable, and nothing else is asked for.
    expect([...imported].sort()).toEqual([...current.chunks.keys()].sort());
    for (const file of imported) {
      const res = await h.app.request(`/widget/${current.version}/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/javascript/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const body = new Uint8Array(await res.arrayBuffer());
      expect(res.headers.get('x-content-integrity')).toBe(sri(body));
      expect(Buffer.from(body).equals(current.chunks.get(file)!)).toBe(true);
      const row = await h.services.ctx.db.selectFrom('widget_releases').select('sha256').where('version', '=', `${current.version}/${file}`).executeTakeFirst();
      expect(row?.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    }
    // The import map pinning the version: every file by its absolute URL, with the hash it is served with.
    const map = (await (await h.app.request(`/widget/${current.version}/importmap.json`)).json()) as { integrity: Record<string, string> };
    const base = `${h.services.ctx.config.PUBLIC_URL.replace(/\/$/, '')}/widget/${current.version}/`;
    expect(Object.keys(map.integrity).sort()).toEqual([...current.chunks.keys(), 'widget.js'].map((f) => base + f).sort());
    for (const [url, integrity] of Object.entries(map.integrity)) {
      const res = await h.app.request(url.slice(url.indexOf('/widget/')));
      expect(res.headers.get('x-content-integrity'), url).toBe(integrity);
    }
    expect((await h.app.request('/widget/9.9.9/importmap.json')).status).toBe(404);
    for (const path of [`/widget/${current.version}/chunks/nope-AAAAAAAA.js`, `/widget/${current.version}/chunks/..%2Fwidget.js`, '/widget/0.0.1/chunks/order-AAAAAAAA.js']) {
      expect((await h.app.request(path)).status, path).toBe(404);
    }
  });

  it('keeps serving an earlier version’s bytes after a deploy of another, and never replaces a published version', async () => {
    const earlier = Buffer.from('export const release = "0.0.9";\n');
    await h.services.ctx.db.insertInto('widget_releases').values({ version: '0.0.9', sha256: 'x', content: earlier, created_at: '2026-01-01T00:00:00.000Z' }).execute();
    const old = await h.app.request('/widget/0.0.9/widget.js');
    expect(old.status).toBe(200);
    expect(Buffer.from(await old.arrayBuffer()).equals(earlier)).toBe(true);
    expect(old.headers.get('x-content-integrity')).toBe(sri(earlier));

    // A rebuild under the same version (a deploy that forgot to bump it) does not change what the version serves.
    const current = (await h.services.ctx.caches.widgetBundle.current())!;
    const published = Buffer.from(await (await h.app.request(`/widget/${current.version}/widget.js`)).arrayBuffer());
    await h.services.ctx.db.updateTable('widget_releases').set({ content: Buffer.from('// the first build\n') }).where('version', '=', current.version).execute();
    await archiveWidgetBundle(h.services.ctx);
    const after = Buffer.from(await (await h.app.request(`/widget/${current.version}/widget.js`)).arrayBuffer());
    expect(after.toString()).toBe('// the first build\n');
    expect(after.equals(published)).toBe(false);
  });

  it('answers 404 for versions it never had, and for paths that are no version', async () => {
    for (const path of ['/widget/9.9.9/widget.js', '/widget/latest/widget.js', '/widget/..%2F..%2Fpackage.json/widget.js']) {
      const res = await h.app.request(path);
      expect(res.status, path).toBe(404);
    }
  });
});
