/**
 * @module What the shared rate limiter costs on PostgreSQL: `GET /v1/trials?limit=1` from one `serve --no-workers`
 * process with the limiter off (`RATE_LIMIT=0`) against one with it on (one UPSERT on rate_limit_buckets per
 * claim of a hundredth of the limit), in alternating rounds. Run: `TEST_DATABASE_URL=postgres://… npx tsx bench/rate-limit.ts`; with
 * `--logged` the bucket table is made a logged one first (what UNLOGGED saves). Not part of `npm run bench` (its
 * figures are in docs/operations.md).
 */
import { sql } from 'kysely';
import { createHarness, TEST_ADMIN_KEY } from '@resellerkit/dev-env/harness';
import { SERVER_CLI } from '@resellerkit/dev-env/processes';
import { alternate, fmt, load, startChild } from './lib.js';

const h = await createHarness('postgres');
try {
  const { key } = await h.reseller();
  if (process.argv.includes('--logged')) await sql`alter table rate_limit_buckets set logged`.execute(h.services.store.db);
  const env = (limit: string) => ({ DATABASE_URL: h.config.DATABASE_URL, RATE_LIMIT: limit, RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY });
  const [off, on] = await Promise.all([startChild(SERVER_CLI, ['serve', '--no-workers'], env('0')), startChild(SERVER_CLI, ['serve', '--no-workers'], env('10000000'))]);
  const run = (url: string) => () => load({ url: `${url}/v1/trials?limit=1`, headers: { authorization: `Bearer ${key}` }, duration: 3 });
  const r = await alternate(run(off.url), run(on.url), 5);
  console.log(`limiter off: ${fmt(r.baseline.rps)} req/s, p99 ${r.baseline.p99} ms`);
  console.log(`limiter on:  ${fmt(r.subject.rps)} req/s, p99 ${r.subject.p99} ms (${r.subject.non2xx} non-2xx)`);
  console.log(`ratio on/off: ${fmt(r.subject.rps / r.baseline.rps, 3)} (median of round pairs ${fmt(r.ratio, 3)})`);
  await Promise.all([off.stop(), on.stop()]);
} finally {
  await h.close();
}
