/**
 * @module The files the server serves from disk besides its code: the widget bundle (with its package version) and the
 * API reference's script. The build copies them into `dist/assets/` (tsup.config.ts), so an installed package needs
 * neither the widget's workspace nor the reference renderer's dependencies; from source they are read where the
 * workspace keeps them.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Built code lives in dist/ (entries and chunks side by side); this module is src/app/assets.ts when run from source. */
const fromSource = import.meta.url.endsWith('.ts');
const here = dirname(fileURLToPath(import.meta.url));
/** A package's main file (its package.json may not be exported). */
const mainOf = (name: string) => createRequire(import.meta.url).resolve(name);

/** Where each served file comes from in the workspace: the build copies exactly these, under these names. */
export const ASSET_SOURCES = {
  'widget.js': () => join(here, '../../../widget/dist/widget.js'),
  'widget.package.json': () => join(here, '../../../widget/package.json'),
  // The standalone bundle is one self-contained script (no chunks loaded later, no CDN).
  'scalar.js': () => join(dirname(mainOf('@scalar/api-reference')), 'browser/standalone.js'),
} as const;

export type AssetName = keyof typeof ASSET_SOURCES;

/** The path of a served file: dist/assets/<name> once built, the workspace's copy from source. */
export function assetPath(name: AssetName): string {
  return fromSource ? ASSET_SOURCES[name]() : join(here, 'assets', name);
}
