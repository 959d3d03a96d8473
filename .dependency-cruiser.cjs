/**
 * @module The server's import rules (DESIGN.md, "Layout"): `npm run lint:deps` checks packages/server/src against them.
 * Paths are relative to the directory the command runs in, so packages/server/test/architecture.test.ts can run the
 * same rules on small fixture trees laid out the same way.
 */
const { join } = require('node:path');

const SRC = '^packages/server/src/';
/** Tests beside the sources (`x.test.ts`) and their helpers (`x.testing.ts`): they may use test machinery, the code
 * they test may not. */
const TEST_FILE = '\\.(test|testing)\\.ts$';
const REPO = `${SRC}modules/[^/]+/repo\\.ts$`;
/** packages/dev-env, however it is reached (from the repository root, or from a fixture tree inside it). */
const DEV_ENV = '(^|/)dev-env/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment:
        'A cycle makes two modules one: neither can be read, tested or moved without the other. A cycle that needs an ' +
        '`import type` to close is erased at run time and allowed: the AppContext names the types of its parts while ' +
        'they take the context.',
      severity: 'error',
      from: { path: SRC },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'core-imports-no-module',
      comment: 'db/, outbox/ and lifecycle/ sit under the domain modules; the modules import them, never the reverse.',
      severity: 'error',
      from: { path: `${SRC}(db|outbox|lifecycle)/` },
      to: { path: `${SRC}modules/` },
    },
    {
      name: 'contract-imports-only-models',
      comment: "The contract quotes a module's enums and shapes from its model.ts (DESIGN.md), and nothing else of it.",
      severity: 'error',
      from: { path: `${SRC}contract/` },
      to: { path: `${SRC}modules/`, pathNot: `${SRC}modules/[^/]+/model\\.ts$` },
    },
    {
      name: 'routes-import-no-repo',
      comment: 'A route speaks HTTP and calls its service; the rules live in the service, the SQL in the repo.',
      severity: 'error',
      from: { path: `${SRC}modules/[^/]+/routes\\.ts$` },
      to: { path: REPO },
    },
    {
      name: 'http-imports-no-repo',
      comment: 'The HTTP layer (router, errors, middleware) calls services and never runs SQL of a module.',
      severity: 'error',
      from: { path: `${SRC}http/` },
      to: { path: REPO },
    },
    {
      name: 'src-imports-no-test-code',
      comment: 'Production code ships without the test machinery (packages/dev-env) and without test files.',
      severity: 'error',
      from: { path: SRC, pathNot: TEST_FILE },
      to: { path: [DEV_ENV, '@resellerkit/dev-env', TEST_FILE, '^packages/server/test/'] },
    },
    {
      name: 'src-imports-no-dev-dependency',
      comment:
        "Production code imports only the server's own dependencies: a devDependency, or a package only the repository " +
        'declares, is absent where the server is installed for production (a type-only import is erased, so it may name one).',
      severity: 'error',
      from: { path: SRC, pathNot: TEST_FILE },
      to: { dependencyTypes: ['npm-dev', 'npm-no-pkg', 'npm-unknown'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    // The test machinery is checked as an import target only; what it imports is not the server's concern.
    doNotFollow: { path: ['node_modules', DEV_ENV] },
    // Type-only imports count for cycles and layers too: a layer that names another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: join(__dirname, 'tsconfig.base.json') },
    // Packages resolve through their `exports` as Node resolves them, so subpaths (`hono/secure-headers`,
    // `@resellerkit/dev-env/stores`) resolve to files rather than stay unknown.
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'], exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
