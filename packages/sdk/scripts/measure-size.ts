/** @module Gzipped size of the published bundles, and the README badge that states it. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const PKG_DIR = resolve(import.meta.dirname, '..');
export const BUDGET = 12 * 1024;
const START = '<!-- size:start -->';
const END = '<!-- size:end -->';

/** gzip -9 bytes, as bench/sizes.ts measures them. */
export const gzipped = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
/** `7.9 KB` (KiB, one decimal), the unit bench/sizes.ts prints. */
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Builds into a temporary directory (a concurrent `npm run build` is left alone) and measures both formats. */
export function measure(): { esm: number; cjs: number } {
  const out = mkdtempSync(join(tmpdir(), 'resellerkit-sdk-size-'));
  try {
    execFileSync(process.execPath, [join(PKG_DIR, '../../node_modules/tsup/dist/cli-default.js'), '--out-dir', out], { cwd: PKG_DIR, stdio: 'pipe' });
    return { esm: gzipped(join(out, 'index.js')), cjs: gzipped(join(out, 'index.cjs')) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The block between the size markers: a shields.io static badge and the numbers behind it. */
export function sizeBlock(size: { esm: number; cjs: number }): string {
  return [
    START,
    `${sizeBadge(size)} ![runtime dependencies](https://img.shields.io/badge/runtime%20dependencies-0-brightgreen)`,
    '',
    `${kb(size.esm)} gzipped as ESM (${kb(size.cjs)} as CJS), budget ${kb(BUDGET)}; measured by \`npm run size -w @resellerkit/sdk\`, which rewrites this block.`,
    END,
  ].join('\n');
}

/** The shields.io badge alone, as the root README's package table shows it. */
export function sizeBadge(size: { esm: number }): string {
  return `![ESM gzipped](https://img.shields.io/badge/ESM%20gzipped-${kb(size.esm).replace(' ', '%20')}-${size.esm <= BUDGET ? 'brightgreen' : 'red'})`;
}

/** Every ESM size a README's badges state, in bytes as printed. */
export function statedBadgeSizes(readme: string): number[] {
  return [...readme.matchAll(/ESM%20gzipped-([\d.]+)%20KB/g)].map((m) => Number(m[1]) * 1024);
}

/** The root README with its SDK badge brought up to date (it has no block, only the badge in the package table). */
export function withBadge(readme: string, size: { esm: number }): string {
  return readme.replace(/!\[ESM gzipped\]\(https:\/\/img\.shields\.io\/badge\/ESM%20gzipped-[^)]*\)/g, sizeBadge(size));
}

/** The README with its size block replaced (or added under the title). */
export function withSizeBlock(readme: string, block: string): string {
  const at = readme.indexOf(START);
  if (at !== -1) return readme.slice(0, at) + block + readme.slice(readme.indexOf(END, at) + END.length);
  const [title, ...rest] = readme.split('\n');
  return [title, '', block, ...rest].join('\n');
}
