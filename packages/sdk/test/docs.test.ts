/** Type-checks every ```ts block of docs/sdk.md not marked `<!-- illustrative -->` against the SDK source. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const pkgDir = resolve(import.meta.dirname, '..');
const docPath = resolve(pkgDir, '../../docs/sdk.md');

function blocks(markdown: string) {
  const out: { code: string; illustrative: boolean; line: number }[] = [];
  for (const m of markdown.matchAll(/(<!-- illustrative -->\s*\n)?```(ts|typescript)\n([\s\S]*?)```/g)) {
    out.push({ code: m[3]!, illustrative: Boolean(m[1]), line: markdown.slice(0, m.index).split('\n').length + (m[1] ? 1 : 0) });
  }
  return out;
}

describe('docs/sdk.md', () => {
  it('compiles every non-illustrative TypeScript block', () => {
    const all = blocks(readFileSync(docPath, 'utf8'));
    const checked = all.filter((b) => !b.illustrative);
    expect(checked.length).toBeGreaterThanOrEqual(8);
    expect(all.length).toBeGreaterThan(checked.length);

    // Virtual files beside the tests: 'hono' and @types/node resolve from the repository's node_modules.
    const files = new Map(checked.map((b) => [join(pkgDir, 'test', '__docs__', `sdk-md-line-${b.line}.ts`), b.code]));
    const config = ts.getParsedCommandLineOfConfigFile(join(pkgDir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const options: ts.CompilerOptions = {
      ...config.options,
      noEmit: true,
      baseUrl: pkgDir,
      paths: { '@resellerkit/sdk': ['src/index.ts'] },
    };
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (name, lang, ...rest) =>
      files.has(name) ? ts.createSourceFile(name, files.get(name)!, lang) : getSourceFile.call(host, name, lang, ...rest);
    host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
    host.readFile = (name) => files.get(name) ?? readFile.call(host, name);

    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => {
        const where = d.file ? `${d.file.fileName.replace(pkgDir, '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
        return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  }, 60_000);
});
