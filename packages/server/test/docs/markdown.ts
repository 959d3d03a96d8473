/** @module Reading the repository's Markdown for the docs tests: which files, their fenced code blocks and relative links. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** The marker a writer puts on the line before a fence to say the block is an example that is not run. */
export const ILLUSTRATIVE = '<!-- illustrative -->';
/** The marker naming the test that runs a block as written: `<!-- tested: examples/x/test/readme.test.ts -->`. */
const TESTED_BY = /^<!--\s*tested:\s*(\S+)\s*-->$/;

/** README.md, docs/*.md and the examples' READMEs, as repository-relative paths. */
export function markdownFiles(): string[] {
  const docs = readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  const examples = existsSync(join(REPO, 'examples'))
    ? readdirSync(join(REPO, 'examples'), { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(join(REPO, 'examples', d.name, 'README.md')))
        .map((d) => `examples/${d.name}/README.md`)
    : [];
  return ['README.md', ...docs.sort(), ...examples.sort()];
}

export interface CodeBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
  illustrative: boolean;
  /** Repository path of the test that runs this block, from a `<!-- tested: … -->` marker. */
  testedBy?: string;
}

/** Fenced blocks (``` or ~~~, any indentation up to 3 spaces), with whether the line before carries the marker. */
export function codeBlocks(file: string, text = readFileSync(join(REPO, file), 'utf8')): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]!);
    if (!open) continue;
    const fence = open[1]!;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(lines[j]!)) body.push(lines[j++]!);
    const before = (lines[i - 1] ?? '').trim();
    const testedBy = TESTED_BY.exec(before)?.[1];
    blocks.push({ file, line: i + 1, lang: open[2]!.toLowerCase(), code: body.join('\n'), illustrative: before === ILLUSTRATIVE, ...(testedBy && { testedBy }) });
    i = j;
  }
  return blocks;
}

export interface Link {
  file: string;
  line: number;
  target: string;
}

/** Markdown links and images `[x](target)` and HTML `href`/`src` outside code blocks. */
export function links(file: string, text = readFileSync(join(REPO, file), 'utf8')): Link[] {
  const out: Link[] = [];
  let inFence = false;
  text.split('\n').forEach((line, i) => {
    if (/^ {0,3}(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    if (inFence) return;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push({ file, line: i + 1, target: m[1]! });
    for (const m of prose.matchAll(/\s(?:href|src)="([^"]+)"/g)) out.push({ file, line: i + 1, target: m[1]! });
  });
  return out;
}

export function rel(path: string): string {
  return relative(REPO, path);
}
