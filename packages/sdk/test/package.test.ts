/** Checks the package as published: built ESM and CJS load, exports map, no Node built-ins, size budget. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipped, kb, statedBadgeSizes } from '../scripts/measure-size.js';
import { VERSION } from '../src/version.js';

const pkgDir = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const tsupCli = join(pkgDir, '../../node_modules/tsup/dist/cli-default.js');
let out: string;

const EXPORTS = [
  'ResellerKit', 'default', 'APIError', 'BadRequestError', 'AuthenticationError', 'PermissionDeniedError',
  'NotFoundError', 'ConflictError', 'UnprocessableEntityError', 'RateLimitError', 'InternalServerError',
  'PayloadTooLargeError', 'UnsupportedMediaTypeError', 'APIConnectionError', 'APIConnectionTimeoutError',
  'WebhookVerificationError', 'ResellerKitError', 'verifyWebhook', 'signWebhook', 'Page', 'PagePromise', 'VERSION',
];

beforeAll(() => {
  // Build into a temporary directory so a concurrent `npm run build` is not disturbed.
  out = mkdtempSync(join(tmpdir(), 'resellerkit-sdk-'));
  execFileSync(process.execPath, [tsupCli, '--out-dir', out], { cwd: pkgDir, stdio: 'pipe' });
}, 60_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function smoke(mod: Record<string, unknown>) {
  for (const name of EXPORTS) expect(mod[name], name).toBeDefined();
  expect(mod.default).toBe(mod.ResellerKit);
  const Ctor = mod.ResellerKit as new (o: object) => { organizations: { retrieve(id: string): Promise<unknown> } };
  const rk = new Ctor({
    apiKey: 'rk_x',
    fetch: async () => new Response('{"id":"org_1"}', { headers: { 'content-type': 'application/json' } }),
  });
  expect(await rk.organizations.retrieve('org_1')).toEqual({ id: 'org_1' });
}

describe('published package', () => {
  it('loads as ESM', async () => {
    await smoke(await import(pathToFileURL(join(out, 'index.js')).href));
  });

  it('loads as CJS', async () => {
    await smoke(createRequire(import.meta.url)(join(out, 'index.cjs')));
  });

  it('has an exports map with types first, files that the build produces, and no runtime dependencies', () => {
    const root = pkg.exports['.'];
    for (const condition of ['import', 'require']) {
      expect(Object.keys(root[condition])[0]).toBe('types');
      for (const file of Object.values(root[condition]) as string[]) {
        expect(existsSync(join(out, file.replace('./dist/', ''))), file).toBe(true);
      }
    }
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.files).toEqual(['dist']);
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.version).toBe(VERSION);
  });

  it('imports no Node built-ins in the bundles', () => {
    for (const file of ['index.js', 'index.cjs']) {
      const code = readFileSync(join(out, file), 'utf8');
      expect(code).not.toMatch(/\bfrom\s*["'](node:)?(crypto|buffer|fs|http|https|stream|util|events|net|url)["']/);
      expect(code).not.toMatch(/require\(\s*["']/);
      expect(code).not.toMatch(/["']node:/);
      expect(code).not.toMatch(/\bBuffer\./);
    }
  });

  it('type-checks src without @types/node', () => {
    execFileSync(process.execPath, [tsc, '-p', join(pkgDir, 'tsconfig.edge.json'), '--noEmit'], { stdio: 'pipe' });
  }, 60_000);

  it('stays within 12 KB gzipped', () => {
    const size = gzipSync(readFileSync(join(out, 'index.js'))).length;
    expect(size).toBeLessThan(12 * 1024);
  });

  it('states its real size in the README badges', () => {
    const actual = gzipped(join(out, 'index.js'));
    for (const readme of [join(pkgDir, 'README.md'), join(pkgDir, '../../README.md')]) {
      const stated = statedBadgeSizes(readFileSync(readme, 'utf8'));
      expect(stated.length, `${readme} has no size badge`).toBeGreaterThan(0);
      // Within 0.2 KB: the badge is rounded to 0.1 KB, and a one-line fix need not re-badge, but growth must.
      for (const s of stated) {
        expect(Math.abs(s - actual), `${readme} says ${kb(s)}, the bundle is ${kb(actual)}: run npm run size -w @resellerkit/sdk`).toBeLessThanOrEqual(0.2 * 1024);
      }
    }
  });
});
