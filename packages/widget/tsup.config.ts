/** @module Builds the widget into one self-contained, minified ES module: dist/widget.js (lit bundled in). */
import { defineConfig } from 'tsup';

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
});
