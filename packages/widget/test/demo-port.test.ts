/**
 * `PORT=<any> npm start` on a store the demo seeded while it ran on another port: real processes, one after the other
 * on one SQLite file, and Chromium on the second port sees a working portal (the demo's origin follows its port).
 * Like test/docs/readme-start.test.ts on the server, this runs the start script's serve half (its first half builds the
 * widget, which the test run has done, and rebuilding it here would pull the bundle from under the other browser tests).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@resellerkit/dev-env/processes';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** The serve half of the root `npm start`, as a reseller would start it, on `port` and the given store. */
async function npmStart(port: number, store: string): Promise<ChildProcess> {
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const serve = pkg.scripts.start!.split('&&').at(-1)!.trim();
  expect(serve).toMatch(/cli\.ts serve --demo$/);
  const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), DATABASE_URL: store, NODE_ENV: 'development', PATH: `${join(REPO, 'node_modules/.bin')}${delimiter}${process.env.PATH}` };
  // A fresh machine: no admin key of its own, so the demo's well-known keys are used.
  delete env.RESELLERKIT_ADMIN_KEY;
  delete env.PUBLIC_URL;
  const child = spawn('bash', ['-c', `exec ${serve}`], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up on ${port}:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      if (/Reseller API key/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`npm start exited:\n${out}`));
    });
  });
  return child;
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

describe('PORT=<any> npm start on a store seeded for another port', () => {
  let dir: string;
  let port: number;
  let second: ChildProcess | undefined;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rk-demo-port-'));
    const store = join(dir, 'resellerkit.db');
    // The first start seeds the store for its own port, then stops; the second runs on another.
    await stop(await npmStart(await freePort(), store));
    port = await freePort();
    second = await npmStart(port, store);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  }, 150_000);
  afterAll(async () => {
    await browser?.close();
    await stop(second);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['127.0.0.1', 'localhost'])('serves a working portal and review on the new port at http://%s', async (host) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
    page.setDefaultTimeout(15_000);
    await page.goto(`http://${host}:${port}/`);
    await page.getByRole('cell', { name: 'Brf Solrosen', exact: true }).waitFor();
    await page.getByRole('region', { name: 'Leverantörens granskning' }).getByRole('heading', { name: 'Beställningar att granska' }).waitFor();
    await page.getByRole('button', { name: 'Nytt provkonto' }).click();
    const organizations = page.getByRole('dialog', { name: 'Nytt provkonto' }).getByLabel('Organisation').locator('option');
    await expect.poll(() => organizations.allInnerTexts()).toContain('Brf Eken');
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await page.close();
  });
});
