/**
 * @module The deployable package as an operator gets it: `npm pack` of the built server, installed into an empty
 * directory with production dependencies only, started with `npx resellerkit serve` on SQLite, with no TypeScript, no
 * tsx and no workspace beside it. Needs the build (`npm test` builds first; alone: `npm run build`).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@resellerkit/dev-env/processes';
import { csv, csvRow } from './plans-fixtures.js';

const run = promisify(execFile);
const SERVER = resolve(import.meta.dirname, '..');
const ROOT = resolve(SERVER, '../..');
const ADMIN_KEY = 'rk_admin_packaged_0123456789abcdef';

/**
 * better-sqlite3 compiles its addon at install when no prebuilt one can be downloaded (this machine reaches no binary
 * host): minutes on two cores. Its installer (prebuild-install) takes a local prebuild first, so the workspace's own
 * build of the same version is offered as one; everything else installs as for an operator. The Dockerfile's builder
 * stage compiles it for real.
 */
async function localPrebuild(dir: string): Promise<string> {
  const pkgDir = dirname(resolve(ROOT, 'node_modules/better-sqlite3/package.json'));
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`);
  await run('tar', ['-czf', file, '-C', pkgDir, 'build/Release/better_sqlite3.node']);
  return version;
}

/** A clean environment: nothing of this test process (vitest's loaders, NODE_OPTIONS) reaches the installed server. */
const cleanEnv = (extra: Record<string, string>) => ({ PATH: process.env.PATH!, HOME: process.env.HOME!, ...extra });

describe('the packed server, installed into an empty directory', () => {
  let dir: string;
  let app: string;
  let packed: string[] = [];
  let server: ChildProcess | undefined;
  let base = '';
  let output = '';

  beforeAll(async () => {
    if (!existsSync(join(SERVER, 'dist/cli.js'))) throw new Error('packages/server/dist is missing: run `npm run build` first.');
    dir = mkdtempSync(join(tmpdir(), 'resellerkit-package-'));
    // The build is the artifact: pack exactly what dist holds (no prepack rebuild).
    const { stdout } = await run('npm', ['pack', '-w', '@resellerkit/server', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT });
    const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    packed = info!.files.map((f) => f.path);
    const prebuilds = join(dir, 'prebuilds');
    const sqliteVersion = await localPrebuild(prebuilds);
    app = join(dir, 'app');
    mkdirSync(app);
    // Pinned to the version the prebuild is of: a newer patch release would be compiled instead.
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'operator', private: true, overrides: { 'better-sqlite3': sqliteVersion } }));
    await run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', join(dir, info!.filename)], {
      cwd: app,
      env: cleanEnv({ npm_config_better_sqlite3_local_prebuilds: prebuilds, npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME!, '.npm') }),
    });

    const port = await freePort();
    // In a process group of its own: npx runs the server as its grandchild, which killing npx alone leaves running.
    server = spawn('npx', ['--no-install', 'resellerkit', 'serve'], {
      cwd: app,
      env: cleanEnv({ PORT: String(port), DATABASE_URL: `sqlite://${join(dir, 'store.sqlite')}`, RESELLERKIT_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn' }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    server.stdout!.on('data', (d) => (output += d));
    server.stderr!.on('data', (d) => (output += d));
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 30_000);
      server!.stdout!.on('data', () => {
        const m = /listening on (http:\/\/\S+)/.exec(output);
        if (m) (clearTimeout(timer), resolve(m[1]!));
      });
      server!.once('exit', (code) => (clearTimeout(timer), reject(new Error(`serve exited (${code}):\n${output}`))));
    });
  }, 300_000);

  afterAll(() => {
    try {
      if (server?.pid) process.kill(-server.pid, 'SIGKILL');
    } catch {
      // the group has ended already
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships built JavaScript, its types and the files it serves, and no sources', () => {
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/reader-process.js', 'dist/assets/widget.js', 'dist/assets/scalar.js']));
    expect(packed.filter((p) => /\.ts$/.test(p) && !p.endsWith('.d.ts'))).toEqual([]);
  });

  it('installs without TypeScript or tsx', () => {
    for (const dev of ['tsx', 'typescript', 'tsup', 'vitest', '@resellerkit/dev-env']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
  });

  it('answers /healthz and the API from `npx resellerkit serve`', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok', store: 'sqlite' });
    const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
    const created = await fetch(`${base}/v1/admin/resellers`, { method: 'POST', headers, body: JSON.stringify({ name: 'Paket AB', orgNumber: '556677-8899', contactEmail: 'paket@reseller.test', discountPercent: 20 }) });
    expect(created.status).toBe(201);
    const reseller = (await created.json()) as { id: string };
    const list = (await (await fetch(`${base}/v1/admin/resellers`, { headers })).json()) as { data: { id: string }[] };
    expect(list.data.map((r) => r.id)).toEqual([reseller.id]);

    // The plan reader runs as a child process of its own: from dist it must find its program without tsx.
    const key = ((await (await fetch(`${base}/v1/admin/resellers/${reseller.id}/api-keys`, { method: 'POST', headers, body: JSON.stringify({ name: 'paket' }) })).json()) as { key: string }).key;
    const own = { authorization: `Bearer ${key}` };
    const org = (await (await fetch(`${base}/v1/organizations`, { method: 'POST', headers: { ...own, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Brf Paketet' }) })).json()) as { id: string };
    const imported = await fetch(`${base}/v1/organizations/${org.id}/plan/import`, { method: 'POST', headers: { ...own, 'content-type': 'text/csv' }, body: csv(csvRow()) });
    expect(imported.status, await imported.clone().text()).toBe(200);
  });

  it('migrates a new store, and runs a worker that stops cleanly on SIGTERM', async () => {
    const env = cleanEnv({ DATABASE_URL: `sqlite://${join(dir, 'worker.sqlite')}`, LOG_LEVEL: 'warn' });
    const { stdout } = await run('npx', ['--no-install', 'resellerkit', 'migrate'], { cwd: app, env });
    expect(stdout).toMatch(/^Migrated /);
    // The bin itself (its `#!/usr/bin/env node` line), as systemd runs it: npx would stand between the signal and the service.
    const worker = spawn(join(app, 'node_modules/.bin/resellerkit'), ['worker'], { cwd: app, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    worker.stdout!.on('data', (d) => (out += d));
    worker.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
    await expect.poll(() => out, { timeout: 20_000 }).toMatch(/worker running \(store: sqlite\)/);
    worker.kill('SIGTERM');
    expect(await exited, out).toBe(0);
  });

  it('serves the widget and the API reference script from the package', async () => {
    const widget = await fetch(`${base}/widget.js`);
    expect(widget.status).toBe(200);
    // The widget's own build, carried in the package.
    expect(await widget.text()).toBe(readFileSync(join(ROOT, 'packages/widget/dist/widget.js'), 'utf8'));
    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    const script = /<script[^>]+src="([^"]+)"/.exec(await docs.text())![1]!;
    const reference = await fetch(new URL(script, base));
    expect(reference.status).toBe(200);
    expect((await reference.arrayBuffer()).byteLength).toBeGreaterThan(1_000_000);
  });
});
