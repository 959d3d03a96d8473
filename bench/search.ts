/**
 * @module Search over a 10 000-trial reseller (issue 17): sequential `GET /v1/trials?q=…` against the plain list on
 * the same store, median latency of each and their ratio. Every request differs (another term, another cursor), so
 * SQLite's read cache answers none of them from memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_CLI } from '@resellerkit/dev-env/processes';
import { sql } from 'kysely';
import { loadConfig, migrate, openServices, openStore } from '@resellerkit/server';
import { newId } from '../packages/server/src/ids.js';
import { nameSortKey, searchText } from '../packages/server/src/modules/search/model.js';
import { createApiKey } from '../packages/server/src/modules/vendor/service.js';
import { fmt, medianOf, startChild, type Row } from './lib.js';

const TRIALS = 10_000;
const USERS_PER_TRIAL = 3;
const REQUESTS = 120;
const WARM_UP = 20;

/** 10 000 trials with three users each for one reseller, and 1 000 for another (which search must skip), written
 * straight into the tables; the search columns come from the same functions the service uses. */
async function seed(databaseUrl: string): Promise<{ key: string; ids: string[] }> {
  const store = openStore(databaseUrl);
  await migrate(store);
  const at = new Date().toISOString();
  const ends = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const resellers = [newId('res'), newId('res')];
  await store.db
    .insertInto('resellers')
    .values(resellers.map((id, i) => ({ id, name: `Sök AB ${i}`, org_number: '556677-8899', contact_email: `sok${i}@bench.test`, discount_bp: 0, allowed_origins: '[]', created_at: at })))
    .execute();
  const ids: string[] = [];
  for (const [r, resellerId] of resellers.entries()) {
    const count = r === 0 ? TRIALS : TRIALS / 10;
    for (let i = 0; i < count; i += 500) {
      const orgs = [];
      const trials = [];
      const users = [];
      for (let n = i; n < i + 500; n++) {
        const name = `${['Brf', 'Bostadsrättsföreningen', 'Samfälligheten'][n % 3]} ${['Åkern', 'Ängen', 'Östra', 'Solrosen', 'Café'][n % 5]} ${n}`;
        const emails = Array.from({ length: USERS_PER_TRIAL }, (_, u) => `${['styrelsen', 'kassor', 'ordf'][u]}${n}@forening${n}.test`);
        const org = { id: newId('org'), reseller_id: resellerId, name, org_number: null, created_at: at, updated_at: at };
        const trialId = newId('trial');
        orgs.push(org);
        trials.push({
          id: trialId,
          reseller_id: resellerId,
          organization_id: org.id,
          customer_type: 'brf',
          status: 'active',
          ends_at: ends,
          expiring_notified_at: null,
          expired_at: null,
          purge_warned_at: null,
          purged_at: null,
          converted_at: null,
          cancelled_at: null,
          created_at: at,
          holds_organization: 1,
          search_text: searchText({ organizationName: name, emails, orderIds: [] }),
          name_key: nameSortKey(name),
        });
        users.push(
          ...emails.map((email) => ({ id: newId('tu'), trial_id: trialId, reseller_id: resellerId, email, role: 'editor', status: 'active', invitation_hash: null, invitation_expires_at: null, password_hash: null, accepted_at: at, created_at: at })),
        );
        if (r === 0) ids.push(trialId);
      }
      await store.db.insertInto('organizations').values(orgs).execute();
      await store.db.insertInto('trials').values(trials).execute();
      await store.db.insertInto('trial_users').values(users).execute();
    }
  }
  // As autovacuum would soon after such a load: the planner's statistics, and on PostgreSQL the GIN index's pending
  // list merged (until then a trigram search reads it all and the planner prefers a scan).
  await sql.raw(store.dialect === 'postgres' ? 'vacuum analyze' : 'analyze').execute(store.db);
  await store.destroy();
  const s = await openServices(loadConfig({ DATABASE_URL: databaseUrl }));
  const { key } = await createApiKey(s.ctx, resellers[0]!, 'bench');
  await s.store.destroy();
  return { key, ids };
}

/** The median of REQUESTS sequential requests, each to its own URL, after WARM_UP unmeasured ones. */
async function medianMs(url: (i: number) => string, headers: Record<string, string>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < WARM_UP + REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(url(i), { headers });
    if (res.status !== 200) throw new Error(`${url(i)} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    if (i >= WARM_UP) times.push(performance.now() - t0);
  }
  return medianOf(times);
}

export async function searchBenchmarks(store: string, databaseUrl: string): Promise<Row[]> {
  const { key, ids } = await seed(databaseUrl);
  const env = { DATABASE_URL: databaseUrl, RATE_LIMIT: '0', RESELLERKIT_ADMIN_KEY: 'bench_admin_key_0123456789' };
  const server = await startChild(SERVER_CLI, ['serve', '--no-workers'], env);
  const auth = { authorization: `Bearer ${key}` };
  const rows: Row[] = [];
  try {
    // The baseline: the plain list (limit 20, the default page), from a different cursor each time.
    const list = await medianMs((i) => `${server.url}/v1/trials?cursor=${ids[(i * 83) % ids.length]}`, auth);
    const cases: [string, (i: number) => string][] = [
      // One match: the whole reseller is read to find it (the worst case for a substring search).
      ['one organization by part of its name', (i) => `q=${encodeURIComponent(`${['åkern', 'ängen', 'östra', 'solrosen', 'cafe'][(i * 37) % 5]} ${(i * 37) % TRIALS}`)}`],
      ['one trial by part of an e-mail', (i) => `q=kassor${(i * 53) % TRIALS}@`],
      // Thousands of matches: a page fills after a few dozen rows.
      ['a common word, from a cursor', (i) => `q=${['brf', 'ängen', 'solrosen', 'forening'][i % 4]}&cursor=${ids[(i * 83) % ids.length]}`],
      // The whole list in Swedish name order (the `trials_reseller_name` index).
      ['no q, sort=name from a cursor', (i) => `sort=name&cursor=${ids[(i * 83) % ids.length]}`],
      ['no match', (i) => `q=finns-inte-${i}`],
    ];
    for (const [what, query] of cases) {
      const median = await medianMs((i) => `${server.url}/v1/trials?${query(i)}`, auth);
      rows.push({
        benchmark: `GET /v1/trials?q= over ${fmt(TRIALS)} trials (${fmt(TRIALS * USERS_PER_TRIAL)} users): ${what}, sequential`,
        store,
        ours: `median ${fmt(median, 1)} ms`,
        baseline: `list median ${fmt(list, 1)} ms`,
        ratio: fmt(median / list, 2),
        target: '≤ 25 ms median',
        ok: median <= 25,
      });
    }
  } finally {
    await server.stop();
  }
  return rows;
}

/** Alone: `npx tsx bench/search.ts [DATABASE_URL]`, on SQLite in a temp dir unless given an empty database to fill. */
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const tmp = mkdtempSync(join(tmpdir(), 'rk-bench-'));
  const url = process.argv[2];
  searchBenchmarks(url?.startsWith('postgres') ? 'PostgreSQL' : 'SQLite', url ?? join(tmp, 'bench.db'))
    .then((rows) => {
      for (const r of rows) console.log(`${r.benchmark} | ${r.store} | ${r.ours} | ${r.baseline} | ratio ${r.ratio} | target ${r.target} | ${r.ok ? 'met' : 'NOT met'}`);
    })
    .finally(() => rmSync(tmp, { recursive: true, force: true }));
}
