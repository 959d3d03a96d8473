/** @module Checks docs code blocks: TypeScript is type-checked against the workspace packages, JavaScript parsed, npm commands resolved to scripts. */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './markdown.js';
import { REPO } from './markdown.js';

export interface Problem {
  block: CodeBlock;
  message: string;
}

/**
 * Type-checks TypeScript blocks (each its own module) and parses JavaScript ones, in one program. The files are
 * written under node_modules/.cache inside the repository, so `@resellerkit/sdk`, `hono` and the rest resolve as
 * they would for a reader who copied the block into a project of this workspace.
 */
export function checkScripts(blocks: CodeBlock[]): Problem[] {
  if (blocks.length === 0) return [];
  const dir = join(REPO, 'node_modules', '.cache', `docs-blocks-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  try {
    const files = new Map<string, CodeBlock>();
    blocks.forEach((b, i) => {
      const isTs = b.lang === 'ts' || b.lang === 'typescript';
      const name = join(dir, `block${i}.${isTs ? 'ts' : 'mjs'}`);
      // `export {}` makes each block its own module: names do not collide and top-level await is allowed.
      writeFileSync(name, `${b.code}\nexport {};\n`);
      files.set(name, b);
    });
    const base = ts.readConfigFile(join(REPO, 'tsconfig.base.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(base.config, ts.sys, REPO);
    const program = ts.createProgram([...files.keys()], { ...options, noEmit: true, allowJs: true, checkJs: false });
    const problems: Problem[] = [];
    for (const [name, block] of files) {
      const source = program.getSourceFile(name)!;
      const isTs = name.endsWith('.ts');
      const diagnostics = isTs ? [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)] : [...program.getSyntacticDiagnostics(source), ...unresolvedImports(program, source)];
      for (const d of diagnostics) {
        const at = d.start !== undefined ? source.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
        problems.push({ block, message: `block line ${at}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}` });
      }
    }
    return problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** JavaScript is not type-checked (browser snippets use untyped elements), but what it imports must exist. */
function unresolvedImports(program: ts.Program, source: ts.SourceFile): ts.Diagnostic[] {
  const out: ts.Diagnostic[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const spec = statement.moduleSpecifier.text;
    if (/^(https?:)?\//.test(spec)) continue; // a URL such as /widget.js: served, not installed
    const resolved = ts.resolveModuleName(spec, source.fileName, { ...program.getCompilerOptions(), allowJs: true }, ts.sys);
    if (!resolved.resolvedModule) {
      out.push({ category: ts.DiagnosticCategory.Error, code: 0, file: source, start: statement.getStart(source), length: statement.getWidth(source), messageText: `cannot resolve '${spec}'` });
    }
  }
  return out;
}

/** A shell line the docs may show without running it: `npm install`, `npm start|test`, `npm run <script>`, optionally `-w <workspace>` and env assignments. */
export function checkNpmCommands(block: CodeBlock): Problem[] | null {
  const commands = block.code
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'))
    .flatMap((l) => l.split('&&').map((c) => c.trim()));
  if (commands.length === 0) return null;
  const problems: Problem[] = [];
  for (const command of commands) {
    const words = command.split(/\s+/).filter((w) => !/^[A-Z_][A-Z0-9_]*=/.test(w));
    if (words[0] !== 'npm') return null; // not an npm-only block: needs another kind of test
    const [, verb, ...rest] = words;
    let workspace: string | undefined;
    const args: string[] = [];
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '-w' || rest[i] === '--workspace') workspace = rest[++i];
      else args.push(rest[i]!);
    }
    if (verb === 'install' || verb === 'ci') continue;
    const script = verb === 'run' ? args[0] : verb;
    const dir = workspace ? workspaceDir(workspace) : REPO;
    if (!dir) {
      problems.push({ block, message: `\`${command}\`: no workspace ${workspace}` });
      continue;
    }
    const scripts = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
    if (!script || !(script in scripts)) problems.push({ block, message: `\`${command}\`: no script "${script}" in ${workspace ?? 'the root'} package.json` });
  }
  return problems;
}

function workspaceDir(workspace: string): string | undefined {
  if (existsSync(join(REPO, workspace, 'package.json'))) return join(REPO, workspace);
  const root = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { workspaces: string[] };
  for (const pattern of root.workspaces) {
    const parent = pattern.endsWith('/*') ? pattern.slice(0, -2) : undefined;
    const candidates = parent ? (existsSync(join(REPO, parent)) ? ts.sys.getDirectories(join(REPO, parent)).map((d) => `${parent}/${d}`) : []) : [pattern];
    for (const c of candidates) {
      const pkg = join(REPO, c, 'package.json');
      if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === workspace) return join(REPO, c);
    }
  }
  return undefined;
}
