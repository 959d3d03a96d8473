/** @module Builds the widget into one self-contained, minified ES module: dist/widget.js (lit bundled in). */
import { readFileSync, writeFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const OUT = 'dist/widget.js';

/**
 * esbuild keeps template literals as written, indentation included. In its minified output a line break only occurs
 * inside one, and there (HTML and CSS of the templates) any run of whitespace means the same as a single break.
 */
function collapseTemplateIndentation(): void {
  writeFileSync(OUT, readFileSync(OUT, 'utf8').replace(/\n\s+/g, '\n'));
}

export default defineConfig({
  entry: { widget: 'src/index.ts' },
  format: ['esm'],
  platform: 'browser',
  target: 'es2021',
  minify: true,
  // Partners load one file from a <script type="module">: nothing may stay an external import.
  noExternal: [/.*/],
  splitting: false,
  sourcemap: false,
  // Types for npm users (element classes, event map) cost ~8 s, so only `npm pack` / publish builds them.
  dts: process.env.WIDGET_TYPES ? { entry: { widget: 'src/index.ts' } } : false,
  clean: true,
  outDir: 'dist',
  onSuccess: async () => collapseTemplateIndentation(),
});
