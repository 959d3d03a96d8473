/** @module Gzipped sizes of what we ship to browsers and npm, against their budgets. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fmt, ROOT, type Row } from './lib.js';

export function sizeBenchmarks(): Row[] {
  const items = [
    { name: '@resellerkit/sdk dist/index.js (ESM)', file: 'packages/sdk/dist/index.js', budget: 12 * 1024 },
    { name: '@resellerkit/widget dist/widget.js', file: 'packages/widget/dist/widget.js', budget: 30 * 1024 },
  ];
  return items.map(({ name, file, budget }) => {
    const path = join(ROOT, file);
    if (!existsSync(path)) return { benchmark: name, store: '—', ours: 'not built', baseline: '—', ratio: '—', target: `≤ ${budget / 1024} KB gz`, ok: false };
    const gz = gzipSync(readFileSync(path), { level: 9 }).length;
    return { benchmark: name, store: '—', ours: `${fmt(gz / 1024, 1)} KB gz`, baseline: `${fmt(budget / 1024)} KB budget`, ratio: fmt(gz / budget, 2), target: '≤ 1.00 of budget', ok: gz <= budget };
  });
}
