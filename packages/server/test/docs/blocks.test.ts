/**
 * @module Every fenced code block in README.md, docs/*.md and the examples' READMEs is either tested or marked
 * `<!-- illustrative -->` on the line before its fence; an unmarked block nothing checks fails this test by file and line.
 * Tested means: JSON parses, TypeScript type-checks, JavaScript parses with its imports resolved, an npm-only shell
 * block names scripts that exist, or a `<!-- tested: <test file> -->` marker names the test that runs it as written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkNpmCommands, checkScripts, type Problem } from './check-code.js';
import { codeBlocks, markdownFiles, REPO, type CodeBlock } from './markdown.js';

const SCRIPT_LANGS = new Set(['ts', 'typescript', 'js', 'javascript', 'mjs']);

/** Blocks another test runs as written: the quickstart's shell and its promised JSON (packages/server/test/quickstart.test.ts). */
function runElsewhere(b: CodeBlock): boolean {
  return b.file === 'docs/quickstart.md' && (b.lang === 'sh' || b.lang === 'json');
}

function at(p: { block: CodeBlock; message: string }): string {
  return `${p.block.file}:${p.block.line} \`\`\`${p.block.lang} ${p.message}`;
}

describe('code blocks in the docs', () => {
  const blocks = markdownFiles().flatMap((f) => codeBlocks(f));

  it('finds the docs and their blocks, and the test that runs the quickstart is there', () => {
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks.some((b) => b.file === 'docs/quickstart.md')).toBe(true);
    expect(readFileSync(join(REPO, 'packages/server/test/quickstart.test.ts'), 'utf8')).toMatch(/docs\/quickstart\.md[\s\S]*```sh/);
  });

  it('are each illustrative, run by another test, parsed, type-checked or resolved', () => {
    const problems: Problem[] = [];
    const scripts: CodeBlock[] = [];
    for (const block of blocks) {
      if (block.illustrative || runElsewhere(block)) continue;
      if (block.testedBy) {
        // The named test must exist and read this very file, or the marker is a false promise.
        const test = join(REPO, block.testedBy);
        if (!existsSync(test) || !readFileSync(test, 'utf8').includes(block.file.split('/').slice(-2).join('/'))) {
          problems.push({ block, message: `is marked tested by ${block.testedBy}, which does not exist or does not read ${block.file}` });
        }
        continue;
      }
      if (block.lang === 'json') {
        try {
          JSON.parse(block.code);
        } catch (err) {
          problems.push({ block, message: `is not valid JSON: ${(err as Error).message}` });
        }
      } else if (SCRIPT_LANGS.has(block.lang)) {
        scripts.push(block);
      } else if ((block.lang === 'sh' || block.lang === 'bash') && checkNpmCommands(block) !== null) {
        problems.push(...checkNpmCommands(block)!);
      } else {
        problems.push({ block, message: 'is neither tested nor marked: put <!-- illustrative --> on the line before the fence, or make it a tested kind (json, ts, js, npm commands)' });
      }
    }
    problems.push(...checkScripts(scripts));
    expect(problems.map(at)).toEqual([]);
  }, 120_000);
});

describe('the block checks themselves', () => {
  const block = (lang: string, code: string): CodeBlock => ({ file: 'x.md', line: 1, lang, code, illustrative: false });

  it('finds fences, their language and the marker on the line before', async () => {
    const { codeBlocks: parse } = await import('./markdown.js');
    const found = parse('x.md', 'intro\n<!-- illustrative -->\n```sh\nrm -rf /\n```\n\n```json\n{"a":1}\n```\n<!-- tested: a/b.test.ts -->\n```sh\nls\n```\n');
    expect(found.map((b) => [b.line, b.lang, b.illustrative, b.testedBy, b.code])).toEqual([
      [3, 'sh', true, undefined, 'rm -rf /'],
      [7, 'json', false, undefined, '{"a":1}'],
      [11, 'sh', false, 'a/b.test.ts', 'ls'],
    ]);
  });

  it('reports a type error, a syntax error and an import that does not exist', () => {
    const problems = checkScripts([
      block('ts', "import { ResellerKit } from '@resellerkit/sdk';\nconst rk = new ResellerKit({ apiKey: 'k' });\nconst n: number = rk.baseUrl;"),
      block('ts', "import { ResellerKit } from '@resellerkit/sdk';\nnew ResellerKit({ apiKey: 'k' }).trials.list({ status: 'active' });"),
      block('js', 'const a = ;'),
      block('js', "import { nothing } from 'no-such-package-here';"),
    ]);
    expect(problems.map((p) => p.block.code.slice(0, 12))).toEqual(['import { Res', 'const a = ;', "import { not"]);
    expect(problems[0]!.message).toMatch(/not assignable to type 'number'/);
  }, 60_000);

  it('resolves npm commands to scripts, in workspaces too', () => {
    expect(checkNpmCommands(block('sh', 'npm install && npm start   # demo\nnpm test'))).toEqual([]);
    expect(checkNpmCommands(block('sh', 'PORT=1 npm start -w examples/partner-page'))).toEqual([]);
    expect(checkNpmCommands(block('sh', 'npm run no-such-script'))!.map((p) => p.message)).toEqual(['`npm run no-such-script`: no script "no-such-script" in the root package.json']);
    expect(checkNpmCommands(block('sh', 'curl http://localhost:8787'))).toBeNull();
  });
});
