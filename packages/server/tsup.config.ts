/**
 * @module Builds the deployable server: plain ESM in dist/ (the `resellerkit` command, the library entry with its types,
 * the plan reader's child program) and dist/assets/ with the files the server serves from disk (see src/app/assets.ts).
 * Dependencies stay external: `npm install` of the packed package brings them, better-sqlite3's native build included.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';
import { ASSET_SOURCES } from './src/app/assets.js';

function copyAssets() {
  const dir = join('dist', 'assets');
  mkdirSync(dir, { recursive: true });
  for (const [name, source] of Object.entries(ASSET_SOURCES)) {
    const from = source();
    // The widget is built first (the workspace order in the root package.json); without it the package would serve no widget.
    if (!existsSync(from)) throw new Error(`${from} is missing: build @resellerkit/widget before the server.`);
    copyFileSync(from, join(dir, name));
  }
  // The widget's lazily loaded chunks sit beside its entry, where the entry imports them from.
  const chunks = join(dirname(ASSET_SOURCES['widget.js']()), 'chunks');
  if (existsSync(chunks)) cpSync(chunks, join(dir, 'chunks'), { recursive: true });
}

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    cli: 'src/app/cli.ts',
    // Forked by reader-child.ts from the directory that holds it: an entry of its own, beside the chunks.
    'reader-process': 'src/modules/plans/import/reader-process.ts',
  },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  splitting: true,
  sourcemap: true,
  dts: { entry: { index: 'src/index.ts' } },
  clean: true,
  outDir: 'dist',
  onSuccess: async () => copyAssets(),
});
