import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forecastBenchmarks } from './forecast.js';
const tmp = mkdtempSync(join(tmpdir(), 'rk-fc-'));
try {
  console.log(await forecastBenchmarks('SQLite', join(tmp, 'bench.db')));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
