/** @module Every relative link and image in README.md, docs/*.md and the examples' READMEs points at a file that exists (and a heading that exists, for `#anchors`). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { links, markdownFiles, REPO } from './markdown.js';

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^ {0,3}(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    const m = !inFence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) out.add(m[1]!.toLowerCase().replace(/`/g, '').replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return out;
}

describe('links in the docs', () => {
  it('relative links and images resolve to files in the repository, anchors to headings', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of markdownFiles()) {
      for (const link of links(file)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link.target) || link.target.startsWith('//')) continue; // http:, mailto: … (the running service's URLs are checked by readme-start.test.ts)
        checked++;
        const [path, anchor] = link.target.split('#') as [string, string | undefined];
        const target = path ? join(dirname(join(REPO, file)), decodeURIComponent(path)) : join(REPO, file);
        if (!existsSync(target)) {
          broken.push(`${file}:${link.line} ${link.target}: no such file`);
          continue;
        }
        if (anchor && target.endsWith('.md') && statSync(target).isFile() && !anchors(readFileSync(target, 'utf8')).has(anchor.toLowerCase())) {
          broken.push(`${file}:${link.line} ${link.target}: no heading #${anchor}`);
        }
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(5);
  });

  it('the checker itself sees links, images and HTML attributes but not code', async () => {
    const { links: parse } = await import('./markdown.js');
    const found = parse('x.md', '![shot](docs/a.png) and [api](docs/api.md#errors)\n<img src="b.png">\n`[not](code.md)`\n```\n[nor](this.md)\n```\n');
    expect(found.map((l) => [l.line, l.target])).toEqual([
      [1, 'docs/a.png'],
      [1, 'docs/api.md#errors'],
      [2, 'b.png'],
    ]);
  });
});
