import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/** Workspace packages resolve to their sources (the `@resellerkit/source` export condition), not to a build that may be stale. */
const condition = '@resellerkit/source';
const source = { resolve: { conditions: [condition, ...defaultClientConditions] }, ssr: { resolve: { conditions: [condition, ...defaultServerConditions] } } };

// One configuration, a project per package: `npm test` runs them all.
export default defineConfig({
  test: {
    // In CI a JSON report too, from which .ci/run prints a plain "N passed, N failed" closing line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
    projects: [
      { ...source, test: { name: 'server', root: 'packages/server', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { ...source, test: { name: 'sdk', root: 'packages/sdk', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 } },
      { ...source, test: { name: 'examples', root: 'examples', include: ['*/test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 } },
      { ...source, test: { name: 'widget', root: 'packages/widget', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 } },
    ],
  },
});
