/** @module API benchmarks: list and create trials against bare Hono, and the revenue summary over 100 000 ledger entries. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_CLI } from '@resellerkit/dev-env/processes';
import { loadConfig, migrate, openServices, openStore } from '@resellerkit/server';
import type { Actor } from '../packages/server/src/app/context.js';
import { createOrganization } from '../packages/server/src/modules/organizations/service.js';
import { createTrial } from '../packages/server/src/modules/trials/service.js';
import { createApiKey } from '../packages/server/src/modules/vendor/service.js';
import { newId } from '../packages/server/src/ids.js';
import { createEndpoint } from '../packages/server/src/webhooks/endpoints/service.js';
import { alternate, fmt, load, ROOT, startChild, startWorker, type Row } from './lib.js';

const BASELINE = join(ROOT, 'bench/baseline-server.ts');
/** Fresh organizations for every POST of both POST rows (six rounds of 3 s, then four beside delivery): at 3 300 and
 * 2 200 req/s they take ~86 000, and an organization used twice is a 409, not a created trial. */
const POST_ORGS = 160_000;
const LEDGER_ROWS = 100_000;

/** The schema just before the per-day revenue roll-up: the ledger is filled there, and that migration then builds the
 * roll-up from it as it does on a deployment's data. */
const BEFORE_REVENUE_ROLLUP = '2026-11-26T03-00_audit';

/**
 * The bench reseller and 100 000 ledger entries over five years for the revenue summary, written straight into the
 * tables for speed at the schema before the roll-up; returns the reseller's id.
 */
async function seedLedger(databaseUrl: string): Promise<string> {
  const store = openStore(databaseUrl);
  await migrate(store, BEFORE_REVENUE_ROLLUP);
  const at = new Date().toISOString();
  const resellerId = newId('res');
  await store.db
    .insertInto('resellers')
    .values({ id: resellerId, name: 'Bench AB', org_number: '556677-8899', contact_email: 'bench@bench.test', discount_bp: 2000, allowed_origins: '[]', created_at: at })
    .execute();
  for (let i = 0; i < LEDGER_ROWS; i += 1000) {
    const rows = Array.from({ length: 1000 }, (_, j) => {
      const n = i + j;
      const day = new Date(Date.UTC(2022, 0, 1) + (n % 1826) * 86_400_000).toISOString();
      return {
        id: newId('rev'),
        reseller_id: resellerId,
        customer_id: `cus_bench_${n}`,
        licence_id: 'lic_bench',
        licence_year: 1,
        period_start: day,
        currency: 'SEK',
        list_price: 1_200_000,
        reseller_margin: 240_000,
        vendor_amount: 960_000,
        created_at: at,
      };
    });
    await store.db.insertInto('revenue_entries').values(rows).execute();
  }
  await store.destroy();
  return resellerId;
}

/** The bench reseller with its API key, a subscribed endpoint, 200 trials and POST_ORGS organizations without one. */
export async function seed(databaseUrl: string, webhookUrl: string) {
  const resellerId = await seedLedger(databaseUrl);
  const s = await openServices(loadConfig({ DATABASE_URL: databaseUrl, WEBHOOK_ALLOW_PRIVATE: 'true' }));
  const ctx = s.ctx;
  const { key } = await createApiKey(ctx, resellerId, 'bench');
  const actor: Actor = { kind: 'reseller', resellerId, credentialId: 'bench' };
  // A subscribed endpoint, so every write also carries its delivery row.
  await createEndpoint(ctx, actor, { url: webhookUrl });
  // 200 trials with three users each: what a busy reseller's first pages look like.
  for (let i = 0; i < 200; i++) {
    const org = await createOrganization(ctx, actor, { name: `Brf Bänken ${i}`, orgNumber: '769600-1234' });
    await createTrial(ctx, actor, { organizationId: org.id, customerType: 'brf', users: [{ email: `a${i}@bench.test` }, { email: `b${i}@bench.test`, role: 'reader' }, { email: `c${i}@bench.test` }] });
  }
  // Organizations without trials, one per POST /v1/trials the load generator will send.
  const at = new Date().toISOString();
  const orgIds: string[] = [];
  for (let i = 0; i < POST_ORGS; i += 1000) {
    const rows = Array.from({ length: 1000 }, (_, j) => ({ id: newId('org'), reseller_id: resellerId, name: `Brf Last ${i + j}`, org_number: null, created_at: at, updated_at: at }));
    orgIds.push(...rows.map((r) => r.id));
    await ctx.db.insertInto('organizations').values(rows).execute();
  }
  await s.store.destroy();
  return { key, orgIds };
}

export async function apiBenchmarks(store: string, databaseUrl: string, tmp: string): Promise<Row[]> {
  const receiver = await startChild(BASELINE, ['echo']);
  const { key, orgIds } = await seed(databaseUrl, `${receiver.url}/webhooks`);
  // The API process alone (`serve --no-workers`) on both stores: these rows measure the request path. Deliveries are
  // written (every trial has one) but sent by nobody meanwhile; the webhook rows below measure sending. One more row
  // shows POST on each store with delivery running beside it, in the shape a deployment runs.
  const env = { DATABASE_URL: databaseUrl, RATE_LIMIT: '0', RESELLERKIT_ADMIN_KEY: 'bench_admin_key_0123456789', WEBHOOK_ALLOW_PRIVATE: 'true' };
  const ours = await startChild(SERVER_CLI, ['serve', '--no-workers'], env);
  const auth = { authorization: `Bearer ${key}` };
  const rows: Row[] = [];
  // Five round pairs on each store: both are held to targets (issue 19 set PostgreSQL's).
  const rounds = 5;
  try {
    // GET /v1/trials?limit=50 against bare Hono serving the same bytes.
    const page = await (await fetch(`${ours.url}/v1/trials?limit=50`, { headers: auth })).text();
    const bodyFile = join(tmp, 'trials-page.json');
    writeFileSync(bodyFile, page);
    const bare = await startChild(BASELINE, ['static', bodyFile]);
    const { baseline: base, subject: list, ratio: listRatio } = await alternate(
      () => load({ url: `${bare.url}/v1/trials?limit=50`, duration: 3 }),
      () => load({ url: `${ours.url}/v1/trials?limit=50`, headers: auth, duration: 3 }),
      rounds,
    );
    await bare.stop();
    rows.push({
      benchmark: `GET /v1/trials?limit=50 (${fmt(page.length / 1024, 1)} KB), 32 connections`,
      store,
      ours: `${fmt(list.rps)} req/s, p99 ${list.p99} ms${list.non2xx ? `, ${list.non2xx} non-2xx` : ''}`,
      baseline: `${fmt(base.rps)} req/s`,
      ratio: fmt(listRatio, 3),
      target: '≥ 0.15, p99 ≤ 50 ms',
      ok: listRatio >= 0.15 && list.p99 <= 50 && list.non2xx === 0,
    });

    // GET /v1/revenue over 100 000 entries: sequential requests, median latency.
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      const res = await fetch(`${ours.url}/v1/revenue?groupBy=month`, { headers: auth });
      await res.arrayBuffer();
      if (i >= 10) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    rows.push({ benchmark: `GET /v1/revenue?groupBy=month over ${fmt(LEDGER_ROWS)} entries`, store, ours: `median ${fmt(median, 1)} ms`, baseline: '—', ratio: '—', target: '≤ 20 ms median', ok: median <= 20 });
    // POST /v1/trials: one transaction with users, event, e-mails and deliveries, against bare Hono echoing the body.
    let next = 0;
    const body = (orgId: string) => JSON.stringify({ organizationId: orgId, customerType: 'brf', users: [{ email: 'styrelsen@last.test' }, { email: 'kassor@last.test', role: 'reader' }] });
    // Every request a fresh organization: each creates a trial rather than hitting the one-open-trial conflict.
    const create = (url: string) =>
      load({
        url: `${url}/v1/trials`,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        duration: 3,
        requests: [{ setupRequest: (req: any) => ({ ...req, body: body(orgIds[next++ % orgIds.length]!) }) }],
      });
    const echo = await startChild(BASELINE, ['echo']);
    const { baseline: echoed, subject: created, ratio: createRatio } = await alternate(
      () => load({ url: `${echo.url}/v1/trials`, method: 'POST', headers: { 'content-type': 'application/json' }, body: body(orgIds[0]!), duration: 3 }),
      () => create(ours.url),
      rounds,
    );
    await echo.stop();
    rows.push({
      benchmark: 'POST /v1/trials (2 users, 2 e-mails, event, audit, 1 webhook delivery), 32 connections',
      store,
      ours: `${fmt(created.rps)} req/s, p99 ${created.p99} ms${created.non2xx ? `, ${created.non2xx} non-2xx` : ''}`,
      baseline: `${fmt(echoed.rps)} req/s`,
      ratio: fmt(createRatio, 3),
      target: '≥ 0.05',
      ok: createRatio >= 0.05 && created.non2xx === 0,
    });

    // The same POSTs with delivery running: on SQLite in the same process (`npm start`), on PostgreSQL in a
    // `resellerkit worker` process beside the API. Informational: the two share this machine's two cores.
    await ours.stop();
    const deployed = await startChild(SERVER_CLI, store === 'SQLite' ? ['serve'] : ['serve', '--no-workers'], env);
    const worker = store === 'SQLite' ? null : await startWorker(env);
    try {
      const { subject: alongside } = await alternate(async () => echoed, () => create(deployed.url), 3);
      rows.push({
        benchmark: `POST /v1/trials while webhooks are delivered (${store === 'SQLite' ? 'same process, as npm start' : 'separate worker process'}), 32 connections`,
        store,
        ours: `${fmt(alongside.rps)} req/s, p99 ${alongside.p99} ms${alongside.non2xx ? `, ${alongside.non2xx} non-2xx` : ''}`,
        baseline: `${fmt(echoed.rps)} req/s`,
        ratio: fmt(alongside.rps / echoed.rps, 3),
        target: 'informational',
        ok: null,
      });
    } finally {
      await deployed.stop();
      await worker?.stop();
    }

  } finally {
    await ours.stop();
    await receiver.stop();
  }
  return rows;
}
