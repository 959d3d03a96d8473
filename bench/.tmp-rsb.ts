import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchBenchmarks } from '/work/wt/search/bench/search.ts';
const tmp = mkdtempSync(join(tmpdir(), 'rk-sb-'));
const url = process.argv[2] ?? join(tmp, 'bench.db');
console.table(await searchBenchmarks(process.argv[2] ? 'PostgreSQL' : 'SQLite', url));
