/**
 * @module The import rules of `.dependency-cruiser.cjs` (`npm run lint:deps`), run on two small trees laid out like
 * packages/server/src: one breaking every rule once, one keeping them all.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import { describe, expect, it } from 'vitest';

const CONFIG = fileURLToPath(new URL('../../../.dependency-cruiser.cjs', import.meta.url));

/** Every violation in the fixture tree `tree` as `rule: from → to`, as `npm run lint:deps` would report it there. */
async function violations(tree: 'clean' | 'dirty'): Promise<string[]> {
  const options = await extractDepcruiseOptions(CONFIG);
  const baseDir = fileURLToPath(new URL(`./architecture/${tree}/`, import.meta.url));
  const { output } = await cruise([join('packages', 'server', 'src')], { ...options, baseDir });
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.cycle ? v.cycle.map((c) => c.name).join(' → ') : v.to}`).sort();
}

describe('import rules', () => {
  it('refuse a cycle, a route or the HTTP layer reaching a repo, a core layer importing a module (the contract: more than its model), and test code or a devDependency in src', async () => {
    const found = await violations('dirty');
    expect(found).toEqual([
      'contract-imports-only-models: packages/server/src/contract/trials.ts → packages/server/src/modules/trials/service.ts',
      'core-imports-no-module: packages/server/src/db/connect.ts → packages/server/src/modules/trials/model.ts',
      'http-imports-no-repo: packages/server/src/http/router.ts → packages/server/src/modules/trials/repo.ts',
      'no-cycles: packages/server/src/modules/orders/service.ts → packages/server/src/modules/trials/service.ts → packages/server/src/modules/orders/service.ts',
      'routes-import-no-repo: packages/server/src/modules/trials/routes.ts → packages/server/src/modules/trials/repo.ts',
      // A root devDependency the server does not declare, and one of the server's own devDependencies.
      expect.stringMatching(/^src-imports-no-dev-dependency: packages\/server\/src\/app\/sample\.ts → .*node_modules\/fast-check\//),
      expect.stringMatching(/^src-imports-no-dev-dependency: packages\/server\/src\/app\/sheet\.ts → .*node_modules\/xlsx\//),
      expect.stringMatching(/^src-imports-no-test-code: packages\/server\/src\/app\/seed\.ts → .*dev-env\/src\/harness\.ts$/),
      'src-imports-no-test-code: packages/server/src/app/seed.ts → packages/server/src/modules/trials/fixtures.testing.ts',
      'src-imports-no-test-code: packages/server/src/app/seed.ts → packages/server/test/helpers.ts',
    ]);
  });

  it('pass a tree where routes call services, services call repos and the outbox, the contract quotes a model, and a cycle closes only through `import type`', async () => {
    expect(await violations('clean')).toEqual([]);
  });
});
