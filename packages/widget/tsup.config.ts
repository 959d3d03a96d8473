/**
 * @module Builds the widget into self-contained, minified ES modules (lit bundled in): the entry dist/widget.js and the
 * lazily loaded views in dist/chunks/, which the entry imports by relative URL, so they load from wherever it did.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Options } from 'tsup';

const OUT = 'dist';

/**
 * esbuild keeps template literals as written, indentation included. In its minified output a line break only occurs
 * inside one, and there (HTML and CSS of the templates) any run of whitespace means the same as a single break.
 */
function collapseTemplateIndentation(): void {
  for (const file of readdirSync(OUT, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'))) {
    const path = join(OUT, file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/\n\s+/g, '\n'));
  }
}

/** Plain CSS in `css` templates (none with `${}` in them): comments and whitespace around punctuation go. */
const minifyCss = (text: string) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();

/** esbuild leaves template literals as written; the stylesheets are a quarter of our own code. */
const cssTemplates: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'minify-css-templates',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => ({
      loader: 'ts',
      contents: readFileSync(args.path, 'utf8').replace(/css`([^`$]*)`/g, (_, body: string) => `css\`${minifyCss(body)}\``),
    }));
  },
};

export default defineConfig({
  entry: { widget: 'src/index.ts' },
  format: ['esm'],
  platform: 'browser',
  target: 'es2021',
  minify: true,
  // Partners load the entry from a <script type="module">: nothing may stay an external (bare) import.
  noExternal: [/.*/],
  // The dialogs and the revenue chart are `import()`ed (src/lazy.ts): they become chunks, named by their content so a
  // name always means the same bytes, and code both sides share goes into a chunk of its own.
  splitting: true,
  esbuildOptions(options) {
    options.chunkNames = 'chunks/[name]-[hash]';
  },
  sourcemap: false,
  // Types for npm users (element classes, event map) cost ~8 s, so only `npm pack` / publish builds them. The SDK's
  // wire types are written into them, so the widget's types need no SDK installed beside it.
  dts: process.env.WIDGET_TYPES ? { entry: { widget: 'src/index.ts' }, resolve: ['@resellerkit/sdk'] } : false,
  clean: true,
  outDir: 'dist',
  esbuildPlugins: [cssTemplates],
  onSuccess: async () => collapseTemplateIndentation(),
});
