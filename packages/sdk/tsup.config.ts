import { defineConfig } from 'tsup';

// ESM + CJS with matching .d.ts/.d.cts; no bundled dependencies (there are none at runtime).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
});
