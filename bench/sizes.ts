/**
 * @module Gzipped sizes of what we ship to browsers and npm, against their budgets. Run alone: `npx tsx bench/sizes.ts`.
 *
 * The widget is an entry and chunks (dist/chunks/). Its "entry" is what a page fetches before the first render: the
 * entry file and every chunk it imports statically, transitively (each gzipped on its own, as served). Its "total" is
 * every file, the lazily loaded views included.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { fmt, ROOT, type Row } from './lib.js';

const gz = (path: string) => gzipSync(readFileSync(path), { level: 9 }).length;

/** `path` and the files it imports statically (`import … from "./x.js"`, not `import("./x.js")`), transitively. */
export function staticGraph(path: string, seen = new Set<string>()): Set<string> {
  if (seen.has(path)) return seen;
  seen.add(path);
  for (const m of readFileSync(path, 'utf8').matchAll(/(?:^|[;}\n])\s*(?:import|export)\s*(?:[\w*${}\s,]+from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) staticGraph(join(dirname(path), m[1]!), seen);
  return seen;
}

const allFiles = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => join(dir, f));

export function sizeBenchmarks(): Row[] {
  const sum = (files: Iterable<string>) => [...files].reduce((n, f) => n + gz(f), 0);
  const widget = join(ROOT, 'packages/widget/dist/widget.js');
  const items = [
    { name: '@resellerkit/sdk dist/index.js (ESM)', file: 'packages/sdk/dist/index.js', budget: 12 * 1024, size: () => gz(join(ROOT, 'packages/sdk/dist/index.js')) },
    { name: '@resellerkit/widget entry (widget.js and its static imports)', file: 'packages/widget/dist/widget.js', budget: 30 * 1024, size: () => sum(staticGraph(widget)) },
    { name: '@resellerkit/widget total (entry and every chunk)', file: 'packages/widget/dist/widget.js', budget: 45 * 1024, size: () => sum(allFiles(dirname(widget))) },
  ];
  return items.map(({ name, file, budget, size }) => {
    if (!existsSync(join(ROOT, file))) return { benchmark: name, store: '—', ours: 'not built', baseline: '—', ratio: '—', target: `≤ ${budget / 1024} KB gz`, ok: false };
    const bytes = size();
    return { benchmark: name, store: '—', ours: `${fmt(bytes / 1024, 1)} KB gz`, baseline: `${fmt(budget / 1024)} KB budget`, ratio: fmt(bytes / budget, 2), target: '≤ 1.00 of budget', ok: bytes <= budget };
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of sizeBenchmarks()) console.log(`${r.benchmark}: ${r.ours} (${r.ratio} of ${r.baseline})${r.ok ? '' : ' OVER BUDGET'}`);
}
