/**
 * @module The README's promises about `npm start`: the service part of the root start script, run as written, serves
 * everything the README's "what starts where" table and the docs point at on localhost:8787, and prints the demo keys.
 * (The script's first half builds the widget, which `npm test` has just done.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeBlocks, markdownFiles, REPO } from './markdown.js';
import { freePort } from '@resellerkit/dev-env/processes';

/** `http://localhost:8787/<path>` in the docs' prose and tables: pages a reader opens in a browser (not /v1, which needs a key). */
function servicePagesInDocs(): Map<string, string> {
  const pages = new Map<string, string>();
  for (const file of markdownFiles()) {
    let text = readFileSync(join(REPO, file), 'utf8');
    for (const b of codeBlocks(file, text)) text = text.replace(b.code, '');
    for (const m of text.matchAll(/http:\/\/localhost:8787(\/[^\s)`'"<>,*|]*)?/g)) {
      const path = (m[1] ?? '/').replace(/[.:;]+$/, '');
      if (!path.startsWith('/v1') && !pages.has(path)) pages.set(path, file);
    }
  }
  return pages;
}

describe('npm start, as the README describes it', () => {
  let child: ChildProcess;
  let out = '';
  let base: string;
  let dir: string;

  beforeAll(async () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const serve = pkg.scripts.start!.split('&&').at(-1)!.trim();
    expect(serve).toMatch(/cli\.ts serve --demo$/);
    dir = mkdtempSync(join(tmpdir(), 'rk-readme-start-'));
    const port = await freePort();
    base = `http://localhost:${port}`;
    const env = { ...process.env, PORT: String(port), DATABASE_URL: join(dir, 'demo.db'), NODE_ENV: 'development', LOG_LEVEL: 'warn', PATH: `${join(REPO, 'node_modules/.bin')}${delimiter}${process.env.PATH}` };
    // The demo's well-known keys are only used when no admin key is configured, as on a fresh machine.
    delete (env as Record<string, string | undefined>).RESELLERKIT_ADMIN_KEY;
    child = spawn('bash', ['-c', `exec ${serve}`], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start's service did not come up:\n${out}`)), 60_000);
      child.stdout!.on('data', () => {
        if (/Reseller API key/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        reject(new Error(`npm start's service exited:\n${out}`));
      });
    });
  }, 90_000);

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the demo keys the README names', () => {
    expect(out).toMatch(/rk_admin_demo_\w+/);
    expect(out).toMatch(/rk_live_demo_\w+/);
  });

  it('serves the demo page with the portal and the order review, the reference, openapi.json, the mailbox and widget.js', async () => {
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('<resellerkit-portal');
    expect(html).toContain('<resellerkit-order-review');

    const openapi = await fetch(`${base}/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(Object.keys(((await openapi.json()) as { paths: object }).paths).length).toBeGreaterThan(20);
    for (const path of ['/docs', '/dev/mail', '/widget.js', '/healthz']) {
      expect((await fetch(`${base}${path}`)).status, path).toBe(200);
    }
  });

  it('answers 200 on every localhost:8787 page the README and docs link to', async () => {
    const pages = servicePagesInDocs();
    expect([...pages.keys()]).toEqual(expect.arrayContaining(['/', '/docs', '/dev/mail']));
    const failing: string[] = [];
    for (const [path, file] of pages) {
      const res = await fetch(`${base}${path}`);
      if (res.status !== 200) failing.push(`${file}: http://localhost:8787${path} answered ${res.status}`);
    }
    expect(failing).toEqual([]);
  });

  it('the README\'s two commands are npm scripts that exist', () => {
    const [commands] = codeBlocks('README.md').filter((b) => b.lang === 'sh');
    expect(commands?.code).toMatch(/^npm install && npm start\b/m);
    expect(commands?.code).toMatch(/^npm test\b/m);
    const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBeDefined();
    expect(scripts.test).toMatch(/vitest run/);
  });
});
