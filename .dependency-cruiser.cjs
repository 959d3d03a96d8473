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

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle makes two modules one: neither can be read, tested or moved without the other.',
      severity: 'error',
      from: { path: SRC },
      to: { circular: true },
    },
    {
      name: 'core-imports-no-module',
      comment: 'db/, outbox/, contract/ and lifecycle/ sit under the domain modules; the modules import them, never the reverse.',
      severity: 'error',
      from: { path: `${SRC}(db|outbox|contract|lifecycle)/` },
      to: { path: `${SRC}modules/` },
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
      to: { path: ['^packages/dev-env/', '@resellerkit/dev-env', TEST_FILE, '^packages/server/test/'] },
    },
    {
      name: 'src-imports-no-dev-dependency',
      comment: 'A devDependency is absent where the server is installed for production (a type-only import is erased, so it may name one).',
      severity: 'error',
      from: { path: SRC, pathNot: TEST_FILE },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count for cycles and layers too: a layer that names another's types depends on it.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: join(__dirname, 'tsconfig.base.json') },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
