/** @module `npm run bench`: every benchmark on SQLite and PostgreSQL, printed and written into docs/benchmarks.md. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { apiBenchmarks } from './api.js';
import { forecastBenchmarks } from './forecast.js';
import { engagementBenchmarks } from './engagement.js';
import { ROOT, withPostgres, type Row } from './lib.js';
import { searchBenchmarks } from './search.js';
import { sizeBenchmarks } from './sizes.js';

const DOC = join(ROOT, 'docs/benchmarks.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

type Suite = (store: string, databaseUrl: string, tmp: string) => Promise<Row[]>;

async function main() {
  const only = process.argv[2];
  // `npm run bench -- --scale`: the scale rehearsal alone (5 to 30 minutes by the machine's load, ~16 GB); never part of the usual run.
  if (only === '--scale') return (await import('./scale.js')).scaleRehearsal();
  const suites: Suite[] = [apiBenchmarks, searchBenchmarks, forecastBenchmarks, engagementBenchmarks];
  const extra = join(ROOT, 'bench/webhooks.ts');
  if (existsSync(extra)) {
    const mod = (await import(extra)) as { webhookBenchmarks?: Suite };
    if (mod.webhookBenchmarks) suites.push(mod.webhookBenchmarks);
  }
  const rows: Row[] = [];
  // Every SQLite suite first, then every PostgreSQL one: a PostgreSQL run leaves the server busy for a while after it
  // (autovacuum, the checkpoint, the dropped database), which landed on the SQLite webhook runs when they came next.
  if (only !== 'postgres') {
    for (const suite of suites) {
      const tmp = mkdtempSync(join(tmpdir(), 'rk-bench-'));
      try {
        rows.push(...(await suite('SQLite', join(tmp, 'bench.db'), tmp)));
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  }
  if (only !== 'sqlite') {
    for (const suite of suites) {
      const tmp = mkdtempSync(join(tmpdir(), 'rk-bench-'));
      try {
        rows.push(...((await withPostgres((url) => suite('PostgreSQL', url, tmp))) ?? []));
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    }
  }
  rows.push(...sizeBenchmarks());

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const header = `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. Command: \`npm run bench\`.`;
  const table = [
    '| benchmark | store | resellerkit | baseline | ratio | target | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.benchmark} | ${r.store} | ${r.ours} | ${r.baseline} | ${r.ratio} | ${r.target} | ${r.ok === null ? '—' : r.ok ? 'yes' : '**no**'} |`),
  ].join('\n');
  const block = `${START}\n${header}\n\n${table}\n${END}`;
  console.log(`\n${header}\n\n${table}\n`);
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n\n';
  writeFileSync(DOC, doc.includes(START) ? doc.replace(new RegExp(`${START}[\\s\\S]*?${END}`), block) : `${doc.trimEnd()}\n\n## Latest figures\n\n${block}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
