/**
 * @module `npm run bench -- --scale` (issue 19 item 6): a synthetic vendor of 2 000 resellers, 1 000 000 trials,
 * 10 000 000 events and 5 000 000 deliveries generated inside PostgreSQL (`INSERT … SELECT … FROM generate_series`, no
 * rows over the wire), then the reseller's list, the event feed, the revenue summary and the delivery claim measured
 * there and on a small store built by the same generator (one reseller's share: 500 trials), each with its plan, and
 * what one `resellerkit worker` sustains on each. Written into docs/benchmarks.md under "Scale rehearsal".
 *
 * Sizes: SCALE_FACTOR (default 1) scales resellers, trials, events and deliveries together (each reseller keeps ~500
 * trials); SCALE_RESELLERS, SCALE_TRIALS, SCALE_EVENTS, SCALE_DELIVERIES, SCALE_PENDING, SCALE_WORKER_DELIVERIES set
 * one each.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { SERVER_CLI } from '@resellerkit/dev-env/processes';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createApp, loadConfig, openServices, type Services } from '@resellerkit/server';
import type { Actor } from '../packages/server/src/app/context.js';
import { rebuildRevenueDaily } from '../packages/server/src/db/migrations/2026-11-26T04-00_revenue-daily.js';
import { createOrganization } from '../packages/server/src/modules/organizations/service.js';
import { createTrial } from '../packages/server/src/modules/trials/service.js';
import { createApiKey } from '../packages/server/src/modules/vendor/service.js';
import { claimDue } from '../packages/server/src/webhooks/delivery/claim.js';
import { createEndpoint } from '../packages/server/src/webhooks/endpoints/service.js';
import { fmt, ROOT, SECRET_KEY, startChild, startWorker, type Child } from './lib.js';

const PG_ADMIN = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DOC = join(ROOT, 'docs/benchmarks.md');
const START_MARK = '<!-- scale:start -->';
const END_MARK = '<!-- scale:end -->';
const BASELINE = join(ROOT, 'bench/baseline-server.ts');
const ADMIN_KEY = 'bench_admin_key_0123456789';
const DAY = 86_400_000;
const SPAN = 3 * 365 * DAY;
const WARM_UP = 20;
const REQUESTS = 200;
const ROUNDS = 4;

interface Sizes {
  resellers: number;
  trials: number;
  events: number;
  deliveries: number;
  /** Deliveries left pending (due first attempts, a tenth of them retries due later): what a claim walks past. */
  pending: number;
}

function scaledSizes(): Sizes {
  const f = Number(process.env.SCALE_FACTOR ?? 1);
  const n = (name: string, full: number) => Math.max(1, Math.round(Number(process.env[name] ?? full * f)));
  return { resellers: n('SCALE_RESELLERS', 2_000), trials: n('SCALE_TRIALS', 1_000_000), events: n('SCALE_EVENTS', 10_000_000), deliveries: n('SCALE_DELIVERIES', 5_000_000), pending: Math.round(Number(process.env.SCALE_PENDING ?? 5_000)) };
}

/**
 * The small store: one reseller's share of the scaled vendor, built by the same generator, with the same pending
 * backlog (and so a few more events and deliveries than its share) for the claims to take.
 */
function smallSizes(s: Sizes): Sizes {
  const per = (x: number) => Math.max(1, Math.round(x / s.resellers));
  return { resellers: 1, trials: per(s.trials), events: Math.max(per(s.events), 2 * s.pending), deliveries: Math.max(per(s.deliveries), Math.round(1.2 * s.pending)), pending: s.pending };
}

// ---- SQL expressions of the generator. Every id is a function of its row number, so rows that refer to each other
// (an event to its trial, a delivery to its endpoint) compute the other's id instead of joining for it.

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
/** `len` base-32 characters of a bigint expression, as ids.ts encodes them. */
const enc = (expr: string, len: number) => Array.from({ length: len }, (_, i) => `substr('${ALPHABET}', (((${expr}) >> ${5 * (len - 1 - i)}) & 31)::int + 1, 1)`).join(' || ');
/** An id of ids.ts's shape: prefix, 10 characters of milliseconds, 2 of sequence, 10 random (here a hash of the row). */
const id = (prefix: string, ms: string, n: string, salt: number) =>
  `('${prefix}_' || ${enc(`(${ms})::bigint`, 10)} || ${enc(`((${n}) % 1024)::bigint`, 2)} || ${enc(`(hashtextextended((${n})::text, ${salt}) & 1125899906842623)`, 10)})`;
/** A stable pseudo-random non-negative integer per row. */
const h = (n: string, salt: number) => `(hashtextextended((${n})::text, ${salt}) & 2147483647)`;
/** ISO-8601 UTC with milliseconds, as Date.toISOString writes it. */
const iso = (ms: string) => `to_char(to_timestamp((${ms})::double precision / 1000) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

interface Plan {
  name: string;
  sql: string;
}

/** The generation steps, in order, with the table each fills. */
function generationSteps(s: Sizes, now: number, real: { resellerId: string; endpointId: string; licenceId: string; eventData: string; dataIds: string[] }): Plan[] {
  const start = now - SPAN - DAY;
  const tms = (i: string) => `(${start}::bigint + (${i})::bigint * ${SPAN}::bigint / ${s.trials})`;
  const resId = (r: string) => `(case when (${r}) = 0 then '${real.resellerId}' else ${id('res', `${start - 30 * DAY} + (${r})`, r, 11)} end)`;
  const trialId = (i: string) => id('trial', tms(i), i, 1);
  const orgId = (i: string) => id('org', `${tms(i)} - 1000`, i, 2);
  const status = (i: string) =>
    `(case when ${tms(i)} > ${now - 30 * DAY} then 'active' when ${h(i, 3)} % 100 < 20 then 'converted' when ${h(i, 3)} % 100 < 25 then 'cancelled' when ${tms(i)} < ${now - 150 * DAY} then 'purged' else 'expired' end)`;
  const name = (i: string) => `((array['Brf','Bostadsrättsföreningen','Samfälligheten'])[(${i}) % 3 + 1] || ' ' || (array['Åkern','Ängen','Östra','Solrosen','Björken','Linden','Hamnen'])[(${i}) % 7 + 1] || ' ' || (${i}))`;
  // Every trial's ids and state, computed once: the tables below and the events read them from here.
  const trialsSelect = `select * from rk_scale_trials`;
  // The event's trial: one created in the 30 days before it (the trials were created at an even pace).
  const spread = Math.max(1, Math.floor((s.trials * 30 * DAY) / SPAN));
  const eventTypes = ['trial.created', 'trial.user_added', 'trial.updated', 'trial.expiring', 'trial.expired', 'order.created', 'order.submitted', 'order.approved', 'customer.created', 'revenue.recorded', 'customer.renewed'];
  const weights = [10, 15, 15, 15, 10, 7, 6, 6, 6, 5, 5];
  let acc = 0;
  const typeCase = `(case ${weights.map((w, t) => `when t < ${(acc += w)} then '${eventTypes[t]}'`).join(' ')} end)`;
  // The payload of a real trial.created event with the generated trial's, organization's and reseller's ids in it.
  const [tplTrial, tplOrg, tplRes] = real.dataIds;
  const data = `replace(replace(replace(${pgText(real.eventData)}, '${tplTrial}', t.id), '${tplOrg}', t.org_id), '${tplRes}', t.reseller_id)`;
  const eventsSelect = `select k, ${start}::bigint + k::bigint * ${SPAN}::bigint / ${s.events} as ms, t.id as trial_id, t.reseller_id, ${data} as data, ${h('k', 6)} % 100 as t
    from (select k, greatest(0, least(${s.trials - 1}, k::bigint * ${s.trials} / ${s.events} - ${h('k', 5)} % ${spread})) as i from generate_series(0, ${s.events - 1}) k) e
    join rk_scale_trials t on t.i = e.i`;
  const yearMs = 365 * DAY;
  return [
    {
      name: 'resellers',
      sql: `insert into resellers (id, name, org_number, contact_email, discount_bp, allowed_origins, created_at)
        select ${resId('r')}, 'Återförsäljare ' || r || ' AB', '556' || lpad(r::text, 3, '0') || '-' || lpad((${h('r', 13)} % 10000)::text, 4, '0'), 'kontakt' || r || '@reseller' || r || '.test', 2000, '[]', ${iso(`${start - 30 * DAY} + r`)}
        from generate_series(1, ${s.resellers - 1}) r`,
    },
    {
      name: 'webhook endpoints',
      sql: `insert into webhook_endpoints (id, reseller_id, url, description, enabled_events, enabled, secret, signing, created_at, updated_at)
        select ${id('we', `${start - DAY} + r`, 'r', 12)}, ${resId('r')}, e.url, e.description, e.enabled_events, 1, e.secret, e.signing, e.created_at, e.updated_at
        from generate_series(1, ${s.resellers - 1}) r, webhook_endpoints e where e.id = '${real.endpointId}'`,
    },
    {
      name: 'reseller map',
      sql: `create table rk_scale_resellers as select r, ${resId('r')} as res_id, case when r = 0 then '${real.endpointId}' else ${id('we', `${start - DAY} + r`, 'r', 12)} end as we_id from generate_series(0, ${s.resellers - 1}) r;
        create unique index on rk_scale_resellers (res_id)`,
    },
    {
      name: 'trial map',
      sql: `create table rk_scale_trials as select i, ms, st, reseller_id, ${trialId('i')} as id, ${orgId('i')} as org_id
          from (select i, ${tms('i')} as ms, ${status('i')} as st, ${resId(`i % ${s.resellers}`)} as reseller_id from generate_series(0, ${s.trials - 1}) i offset 0) t;
        create unique index on rk_scale_trials (i)`,
    },
    {
      name: 'organizations',
      sql: `insert into organizations (id, reseller_id, name, org_number, created_at, updated_at)
        select org_id, reseller_id, ${name('i')}, '769' || lpad((i % 1000)::text, 3, '0') || '-' || lpad((${h('i', 14)} % 10000)::text, 4, '0'), ${iso('ms - 1000')}, ${iso('ms - 1000')} from (${trialsSelect}) t`,
    },
    {
      name: 'trials',
      sql: `insert into trials (id, reseller_id, organization_id, customer_type, status, ends_at, expiring_notified_at, expired_at, purge_warned_at, purged_at, converted_at, cancelled_at, created_at, holds_organization, search_text, name_key)
        select id, reseller_id, org_id, 'brf', st, ${iso(`ms + ${30 * DAY}`)},
          case when st in ('expired', 'purged') or (st = 'active' and ms < ${now - 23 * DAY}) then ${iso(`ms + ${23 * DAY}`)} end,
          case when st in ('expired', 'purged') then ${iso(`ms + ${30 * DAY}`)} end,
          case when st = 'purged' then ${iso(`ms + ${113 * DAY}`)} end,
          case when st = 'purged' then ${iso(`ms + ${120 * DAY}`)} end,
          case when st = 'converted' then ${iso(`ms + ${20 * DAY}`)} end,
          case when st = 'cancelled' then ${iso(`ms + ${5 * DAY}`)} end,
          ${iso('ms')}, case when st in ('active', 'converted') then 1 end,
          case when st = 'purged' then '' else lower(${name('i')}) || ' styrelsen' || i || '@brf' || i || '.test kassor' || i || '@brf' || i || '.test' end,
          lower(${name('i')})
        from (${trialsSelect}) t`,
    },
    {
      // Two users a trial (the service's own bench seeds three; two keeps 2 M rows): the board's address has accepted,
      // the treasurer's invitation is open while the trial is. A purge deletes them.
      name: 'trial users',
      sql: `insert into trial_users (id, trial_id, reseller_id, email, role, status, invitation_hash, invitation_expires_at, accepted_at, created_at, last_activity_at)
        select ${id('tu', 'ms', 'i * 2 + u', 4)}, id, reseller_id, case u when 0 then 'styrelsen' else 'kassor' end || i || '@brf' || i || '.test',
          case u when 0 then 'editor' else 'reader' end, case u when 0 then 'active' else 'invited' end,
          case u when 1 then md5(i::text || 'invitation') end, case u when 1 then ${iso(`ms + ${30 * DAY}`)} end,
          case u when 0 then ${iso(`ms + ${DAY}`)} end, ${iso('ms')}, case u when 0 then ${iso(`ms + ${(h('i', 15))} % ${20 * DAY}`)} end
        from (${trialsSelect}) t, generate_series(0, 1) u where st <> 'purged'`,
    },
    {
      name: 'orders',
      sql: `insert into orders (id, reseller_id, trial_id, licence_id, status, invoicing, signer, agreement_signed_electronically, submitted_at, decided_at, created_at, updated_at)
        select ${id('ord', `ms + ${18 * DAY}`, 'i', 5)}, reseller_id, id, '${real.licenceId}', 'approved',
          '{"email":"faktura' || i || '@brf' || i || '.test","reference":"Styrelsen"}', '{"name":"Ordförande ' || i || '","email":"ordf' || i || '@brf' || i || '.test"}', 1,
          ${iso(`ms + ${19 * DAY}`)}, ${iso(`ms + ${20 * DAY}`)}, ${iso(`ms + ${18 * DAY}`)}, ${iso(`ms + ${20 * DAY}`)}
        from (${trialsSelect}) t where st = 'converted'`,
    },
    {
      name: 'customers',
      sql: `insert into customers (id, reseller_id, organization_id, trial_id, order_id, licence_id, status, licence_year, renews_at, created_at)
        select ${id('cus', `ms + ${20 * DAY}`, 'i', 6)}, reseller_id, org_id, id, ${id('ord', `ms + ${18 * DAY}`, 'i', 5)}, '${real.licenceId}', 'active', y,
          ${iso(`ms + ${20 * DAY} + y * ${yearMs}::bigint`)}, ${iso(`ms + ${20 * DAY}`)}
        from (select t.*, ((${now} - ms - ${20 * DAY}) / ${yearMs}::bigint)::int + 1 as y from (${trialsSelect}) t where st = 'converted') t`,
    },
    {
      name: 'revenue entries',
      sql: `insert into revenue_entries (id, reseller_id, customer_id, licence_id, licence_year, period_start, currency, list_price, reseller_margin, vendor_amount, created_at, kind)
        select ${id('rev', `ms + ${20 * DAY} + (n - 1) * ${yearMs}::bigint`, 'i * 8 + n', 7)}, reseller_id, ${id('cus', `ms + ${20 * DAY}`, 'i', 6)}, '${real.licenceId}', n,
          ${iso(`ms + ${20 * DAY} + (n - 1) * ${yearMs}::bigint`)}, 'SEK', 1200000, 240000, 960000, ${iso(`ms + ${20 * DAY} + (n - 1) * ${yearMs}::bigint`)}, 'sale'
        from (select t.*, ((${now} - ms - ${20 * DAY}) / ${yearMs}::bigint)::int + 1 as y from (${trialsSelect}) t where st = 'converted') t, generate_series(1, y) n`,
    },
    { name: 'revenue roll-up', sql: '' },
    {
      name: 'events',
      sql: `insert into events (seq, id, type, reseller_id, data, created_at, trial_id, feed_position) overriding system value
        select base + k, ${id('evt', 'ms', 'k', 8)}, ${typeCase}, reseller_id, data, ${iso('ms')}, trial_id, base + k
        from (${eventsSelect}) e, (select coalesce(max(seq), 0) + 1 as base from events) b;
        select setval(pg_get_serial_sequence('events', 'seq'), (select max(seq) from events))`,
    },
    {
      // Every other event (D of every E) went to its reseller's endpoint; almost all answered 200, 0.5 % gave up.
      name: 'webhook deliveries',
      sql: `insert into webhook_deliveries (id, endpoint_id, event_id, event_type, status, retrying, attempts, next_attempt_at, last_status, last_error, last_attempt_at, succeeded_at, created_at)
        select ${id('wd', 'ems + 40', 'seq', 9)}, we_id, id, type, case when hv < 5 then 'failed' else 'succeeded' end, 0,
          case when hv < 5 then 8 else 1 end, at40, case when hv < 5 then 503 else 200 end, case when hv < 5 then 'HTTP 503' end,
          at120, case when hv >= 5 then at120 end, at40
        from (select e.*, ${iso('ems + 40')} as at40, ${iso('ems + 120')} as at120 from (
          select e.id, e.type, e.seq, m.we_id, (extract(epoch from e.created_at::timestamptz) * 1000)::bigint as ems, ${h('e.seq', 16)} % 1000 as hv
          from events e
          join rk_scale_resellers m on m.res_id = e.reseller_id
          where (e.seq::bigint * ${s.deliveries}) % ${s.events} < ${s.deliveries} offset 0) e offset 0) d`,
    },
    {
      // The newest ones are still pending: due first attempts, and a tenth retries due in the coming hour.
      name: 'pending deliveries',
      sql: `update webhook_deliveries d set status = 'pending', attempts = p.retrying, retrying = p.retrying, last_status = case when p.retrying = 1 then 503 end,
          last_error = case when p.retrying = 1 then 'HTTP 503' end, last_attempt_at = case when p.retrying = 1 then d.last_attempt_at end, succeeded_at = null,
          next_attempt_at = case when p.retrying = 1 then ${iso(`${now} + ${h('d.id', 17)} % 3600000`)} else d.next_attempt_at end
        from (select id, case when row_number() over (order by created_at desc) % 10 = 0 then 1 else 0 end as retrying
              from webhook_deliveries order by created_at desc limit ${s.pending}) p where d.id = p.id`,
    },
    {
      // The attempt log of one delivery in ten (the others' rows would be alike), and of every failed one.
      name: 'webhook attempts',
      sql: `insert into webhook_attempts (id, delivery_id, endpoint_id, status_code, duration_ms, response_body, error, at)
        select ${id('wha', '(extract(epoch from last_attempt_at::timestamptz) * 1000)::bigint', 'hashtext(id)::bigint & 2147483647', 18)}, id, endpoint_id, last_status, 20 + ${h('id', 19)} % 180,
          case when last_status = 200 then 'ok' else 'Service Unavailable' end, last_error, last_attempt_at
        from webhook_deliveries where last_attempt_at is not null and (status <> 'succeeded' or ${h('id', 20)} % 10 = 0)`,
    },
  ];
}

const pgText = (s: string) => `'${s.replace(/'/g, "''")}'`;

interface Seeded {
  url: string;
  name: string;
  key: string;
  resellerId: string;
  timings: { step: string; seconds: number; rows: number }[];
  generationSeconds: number;
  sizeBytes: number;
  sizes: Sizes;
}

async function createDatabase(admin: pg.Client, label: string): Promise<{ url: string; name: string }> {
  const name = `rk_scale_${label}_${Date.now()}`;
  await admin.query(`create database ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

function config(databaseUrl: string) {
  return loadConfig({ DATABASE_URL: databaseUrl, WEBHOOK_ALLOW_PRIVATE: 'true', RESELLERKIT_SECRET_KEY: SECRET_KEY, RESELLERKIT_ADMIN_KEY: ADMIN_KEY, NODE_ENV: 'production', RATE_LIMIT: '0' });
}

/** Migrates through the service, writes the few rows only the service can (API key, sealed endpoint secret, a real trial), then generates the rest. */
async function seed(admin: pg.Client, label: string, sizes: Sizes, receiverUrl: string): Promise<Seeded> {
  const { url, name } = await createDatabase(admin, label);
  const t0 = performance.now();
  const s = await openServices(config(url));
  const now = Date.now();
  let resellerId: string;
  let key: string;
  let endpointId: string;
  let eventData: string;
  let dataIds: string[];
  const licenceId = 'lic_0000000000000000000000';
  try {
    resellerId = 'res_' + 'bench'.padEnd(22, '0');
    await s.ctx.db
      .insertInto('resellers')
      .values({ id: resellerId, name: 'Återförsäljare 0 AB', org_number: '556000-0000', contact_email: 'kontakt0@reseller0.test', discount_bp: 2000, allowed_origins: '[]', created_at: new Date(now - SPAN - 31 * DAY).toISOString() })
      .execute();
    await s.ctx.db.insertInto('licences').values({ id: licenceId, name: 'Underhållsplan BRF', customer_type: 'brf', price_amount: 1_200_000, currency: 'SEK', created_at: new Date(now - SPAN - 60 * DAY).toISOString() }).execute();
    key = (await createApiKey(s.ctx, resellerId, 'bench')).key;
    const actor: Actor = { kind: 'reseller', resellerId, credentialId: 'bench' };
    endpointId = (await createEndpoint(s.ctx, actor, { url: `${receiverUrl}/webhooks` })).id;
    const org = await createOrganization(s.ctx, actor, { name: 'Brf Mallen', orgNumber: '769600-1234' });
    const trial = await createTrial(s.ctx, actor, { organizationId: org.id, customerType: 'brf', users: [{ email: 'styrelsen@mallen.test' }, { email: 'kassor@mallen.test', role: 'reader' }] });
    const event = await s.ctx.db.selectFrom('events').select('data').where('type', '=', 'trial.created').where('trial_id', '=', trial.id).executeTakeFirstOrThrow();
    eventData = event.data;
    dataIds = [trial.id, org.id, resellerId];
  } finally {
    await closeServices(s);
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const timings: Seeded['timings'] = [];
  try {
    // A bulk load: no foreign-key triggers (every reference is generated consistent), no WAL flush per statement, and
    // the secondary indexes built once afterwards instead of maintained row by row.
    await client.query(`set session_replication_role = replica; set synchronous_commit = off; set work_mem = '256MB'; set maintenance_work_mem = '1GB'`);
    const big = ['organizations', 'trials', 'trial_users', 'orders', 'customers', 'revenue_entries', 'events', 'webhook_deliveries', 'webhook_attempts'];
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `select i.indexname, i.indexdef from pg_indexes i where i.schemaname = 'public' and i.tablename = any($1)
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
      [big],
    );
    for (const ix of indexes) await client.query(`drop index ${ix.indexname}`);
    for (const step of generationSteps(sizes, now, { resellerId, endpointId, licenceId, eventData, dataIds })) {
      const t = performance.now();
      let rows = 0;
      if (step.name === 'revenue roll-up') {
        const k = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) });
        await rebuildRevenueDaily(k);
        await k.destroy();
      } else {
        const res = await client.query(step.sql);
        rows = (Array.isArray(res) ? res[0] : res).rowCount ?? 0;
      }
      const seconds = (performance.now() - t) / 1000;
      timings.push({ step: step.name, seconds, rows });
      console.log(`  ${label}: ${step.name}: ${fmt(rows)} rows in ${fmt(seconds, 1)} s`);
    }
    await client.query('drop table rk_scale_trials');
    const t = performance.now();
    for (const ix of indexes) await client.query(ix.indexdef);
    timings.push({ step: `${indexes.length} secondary indexes`, seconds: (performance.now() - t) / 1000, rows: 0 });
    const tv = performance.now();
    await client.query('vacuum analyze');
    timings.push({ step: 'vacuum analyze', seconds: (performance.now() - tv) / 1000, rows: 0 });
    console.log(`  ${label}: indexes and vacuum analyze in ${fmt((performance.now() - t) / 1000, 1)} s`);
    const { rows: size } = await client.query<{ size: string }>('select pg_database_size(current_database()) as size');
    return { url, name, key, resellerId, timings, generationSeconds: (performance.now() - t0) / 1000, sizeBytes: Number(size[0]!.size), sizes };
  } finally {
    await client.end();
  }
}

async function closeServices(s: Services) {
  await s.ctx.planFiles.close();
  await s.store.destroy();
}

interface Probe {
  name: string;
  path: string;
  admin?: boolean;
}

/** The requests measured on both stores; anchors are chosen the same way on each. */
async function probes(client: pg.Client, resellerId: string): Promise<Probe[]> {
  const one = async (q: string, params: unknown[]) => ((await client.query<{ id: string }>(q, params)).rows[0]?.id ?? null);
  const deep = await one('select id from trials where reseller_id = $1 order by id desc offset 449 limit 1', [resellerId]);
  const recent = await one('select id from events where reseller_id = $1 and feed_position is not null order by feed_position desc offset 60 limit 1', [resellerId]);
  const old = await one('select id from events where reseller_id = $1 and feed_position is not null order by feed_position offset 10 limit 1', [resellerId]);
  const adminRecent = await one('select id from events where feed_position is not null order by feed_position desc offset 60 limit 1', []);
  const adminOld = await one('select id from events where feed_position is not null order by feed_position offset 10 limit 1', []);
  return [
    { name: 'GET /v1/trials?limit=50 (a reseller with ~500 trials, first page)', path: '/v1/trials?limit=50' },
    { name: 'GET /v1/trials?limit=50&cursor= (the page after its 450th trial)', path: `/v1/trials?limit=50&cursor=${deep}` },
    { name: "GET /v1/events?after= (the reseller's feed, a recent anchor)", path: `/v1/events?after=${recent}` },
    { name: "GET /v1/events?after= (the reseller's feed, an anchor ~3 years old)", path: `/v1/events?after=${old}` },
    { name: 'GET /v1/events?after= (admin feed, a recent anchor)', path: `/v1/events?after=${adminRecent}`, admin: true },
    { name: 'GET /v1/events?after= (admin feed, an anchor ~3 years old)', path: `/v1/events?after=${adminOld}`, admin: true },
    { name: 'GET /v1/revenue?groupBy=month', path: '/v1/revenue?groupBy=month' },
  ];
}

interface Latency {
  median: number;
  p99: number;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/**
 * Sequential requests to the real server process (`serve --no-workers`) of each store, both running: each probe
 * alternates between the stores in ROUNDS batches, so the machine's drift (other work on its two cores) lands on both.
 */
async function measureHttp(stores: { seeded: Seeded; list: Probe[] }[]): Promise<Map<string, Latency>[]> {
  const servers: Child[] = [];
  try {
    for (const { seeded } of stores) servers.push(await startChild(SERVER_CLI, ['serve', '--no-workers'], { DATABASE_URL: seeded.url, RATE_LIMIT: '0', RESELLERKIT_ADMIN_KEY: ADMIN_KEY, WEBHOOK_ALLOW_PRIVATE: 'true' }));
    const times = stores.map(() => new Map<string, number[]>());
    for (const [n, probe] of stores[0]!.list.entries()) {
      for (let round = -1; round < ROUNDS; round++) {
        for (const [i, { seeded, list }] of stores.entries()) {
          const p = list[n]!;
          const headers = { authorization: `Bearer ${p.admin ? ADMIN_KEY : seeded.key}` };
          // Round -1 warms each server's paths and caches up, unmeasured.
          const count = round < 0 ? WARM_UP : REQUESTS / ROUNDS;
          for (let k = 0; k < count; k++) {
            const t0 = performance.now();
            const res = await fetch(`${servers[i]!.url}${p.path}`, { headers });
            if (res.status !== 200) throw new Error(`${p.path} answered ${res.status}: ${await res.text()}`);
            await res.arrayBuffer();
            if (round >= 0) times[i]!.set(probe.name, [...(times[i]!.get(probe.name) ?? []), performance.now() - t0]);
          }
        }
      }
    }
    return times.map((m) => new Map([...m].map(([k, xs]) => [k, { median: pct(xs, 0.5), p99: pct(xs, 0.99) }])));
  } finally {
    for (const server of servers) await server.stop();
  }
}

/**
 * perEndpoint as large as the limit: the small store has a single endpoint, and a per-endpoint cap would make its claims
 * take fewer rows than the scaled store's (2 000 endpoints), comparing a 16-row claim with a 64-row one.
 */
const CLAIM = { limit: 64, perEndpoint: 64, leaseMs: 60_000 };
const CLAIMS = 60;
const CLAIM_NAME = `delivery claim (claimDue, limit ${CLAIM.limit}, in its transaction; ${CLAIMS} claims, p99 = the slowest)`;

/**
 * The worker's claim, in process, in its transaction, alternating between the stores in batches; each claim's rows are
 * then recorded as sent (untimed), as the worker would, so the next claim takes the next rows of the backlog. Releasing
 * and re-claiming the same rows instead would pile hundreds of dead versions on them and measure that.
 */
async function measureClaims(stores: Seeded[]): Promise<Latency[]> {
  const opened = await Promise.all(stores.map((x) => openServices(config(x.url))));
  const times = stores.map(() => [] as number[]);
  const claim = async (s: Services) => {
    const t0 = performance.now();
    const rows = await s.ctx.db.transaction().execute((tx) => claimDue({ ...s.ctx, db: tx }, { owner: 'bench', ...CLAIM }));
    const took = performance.now() - t0;
    if (rows.length === 0) throw new Error('nothing to claim');
    const at = new Date().toISOString();
    await s.ctx.db
      .updateTable('webhook_deliveries')
      .set({ status: 'succeeded', attempts: 1, last_status: 200, last_attempt_at: at, succeeded_at: at, lease_until: null, lease_owner: null })
      .where('id', 'in', rows.map((r) => r.id))
      .execute();
    return took;
  };
  try {
    for (let round = -1; round < ROUNDS; round++) {
      for (const [i, s] of opened.entries()) {
        for (let k = 0; k < (round < 0 ? 5 : CLAIMS / ROUNDS); k++) {
          const took = await claim(s);
          if (round >= 0) times[i]!.push(took);
        }
      }
    }
  } finally {
    for (const s of opened) await closeServices(s);
  }
  return times.map((xs) => ({ median: pct(xs, 0.5), p99: pct(xs, 0.99) }));
}

/**
 * Each probe's statements as the service sends them (captured from the pg driver while the app answers in process),
 * then EXPLAIN (ANALYZE, BUFFERS) of the ones that read the probe's table. The claim's UPDATE runs inside a rolled
 * back transaction.
 */
async function plans(seeded: Seeded, list: Probe[]): Promise<Map<string, string>> {
  const captured: { text: string; values: unknown[] }[] = [];
  let capturing = false;
  const original = pg.Client.prototype.query;
  (pg.Client.prototype as any).query = function (this: pg.Client, text: any, values?: any, cb?: any) {
    // A prepared statement (db/prepared.ts: the claim) comes as a config object with its name, text and values.
    if (capturing && typeof text === 'string') captured.push({ text, values: Array.isArray(values) ? values : [] });
    else if (capturing && typeof text?.text === 'string') captured.push({ text: text.text, values: Array.isArray(text.values) ? text.values : [] });
    return (original as any).call(this, text, values, cb);
  };
  const s = await openServices(config(seeded.url));
  const client = new pg.Client({ connectionString: seeded.url });
  await client.connect();
  const out = new Map<string, string>();
  const explain = async (q: { text: string; values: unknown[] }) => {
    const { rows } = await client.query(`explain (analyze, buffers) ${q.text}`, q.values);
    return rows.map((r: any) => r['QUERY PLAN']).join('\n');
  };
  try {
    const app = createApp({ ctx: s.ctx });
    const tables: Record<string, RegExp> = { trials: /\btrials\b/, events: /\bevents\b/, revenue: /\brevenue_(daily|entries)\b/ };
    for (const p of list) {
      const res0 = await app.request(p.path, { headers: { authorization: `Bearer ${p.admin ? ADMIN_KEY : seeded.key}` } });
      await res0.arrayBuffer();
      captured.length = 0;
      capturing = true;
      const res = await app.request(p.path, { headers: { authorization: `Bearer ${p.admin ? ADMIN_KEY : seeded.key}` } });
      await res.arrayBuffer();
      capturing = false;
      const table = p.path.startsWith('/v1/trials') ? tables.trials! : p.path.startsWith('/v1/events') ? tables.events! : tables.revenue!;
      // The feed's sequencer lock names `events` in its key but reads no table; its UPDATE (run by every feed read on
      // PostgreSQL) is explained too, rolled back.
      const mine = captured.filter((q) => /^\s*(select|update)/i.test(q.text) && !q.text.includes('pg_advisory') && table.test(q.text));
      const parts: string[] = [];
      for (const q of mine) {
        await client.query('begin');
        try {
          parts.push(`${q.text}\n-- ${JSON.stringify(q.values)}\n${await explain(q)}`);
        } finally {
          await client.query('rollback');
        }
      }
      out.set(p.name, parts.join('\n\n'));
    }
    captured.length = 0;
    capturing = true;
    // Rolled back: the plans leave the backlog as they found it.
    await s.ctx.db
      .transaction()
      .execute(async (tx) => {
        await claimDue({ ...s.ctx, db: tx }, { owner: 'bench', ...CLAIM });
        throw new Error('rollback');
      })
      .catch(() => {});
    capturing = false;
    const claims = captured.filter((q) => /^\s*with/i.test(q.text));
    const parts: string[] = [];
    for (const q of claims) {
      await client.query('begin');
      try {
        parts.push(`${q.text}\n-- ${JSON.stringify(q.values)}\n${await explain(q)}`);
      } finally {
        await client.query('rollback');
      }
    }
    out.set(CLAIM_NAME, parts.join('\n\n'));
  } finally {
    capturing = false;
    pg.Client.prototype.query = original;
    await client.end();
    await closeServices(s);
  }
  return out;
}

/**
 * One `resellerkit worker` process and WORKER_DELIVERIES fresh deliveries of recent events, spread over 20 endpoints of
 * the bench reseller pointing at a local receiver: deliveries per second from its start until none is pending.
 */
async function workerThroughput(seeded: Seeded, receiverUrl: string, count: number): Promise<{ perSecond: number; sent: number; seconds: number }> {
  const client = new pg.Client({ connectionString: seeded.url });
  await client.connect();
  try {
    // Nothing else pending: the generator's backlog would otherwise be delivered too (to endpoints far more numerous).
    await client.query(`update webhook_deliveries set status = 'failed', retrying = 0 where status = 'pending'`);
    await client.query(`update webhook_endpoints set url = $1`, [`${receiverUrl}/webhooks`]);
    const now = Date.now();
    await client.query(`insert into webhook_endpoints (id, reseller_id, url, description, enabled_events, enabled, secret, signing, created_at, updated_at)
      select ${id('we', `${now} + n`, 'n + 100000', 21)}, reseller_id, url, description, enabled_events, 1, secret, signing, created_at, updated_at
      from webhook_endpoints, generate_series(1, 19) n where id = (select we_id from rk_scale_resellers where r = 0)`);
    await client.query(
      `with eps as (select id, row_number() over (order by id) - 1 as rn from webhook_endpoints where reseller_id = $2),
        evs as (select id, type, row_number() over (order by seq desc) - 1 as rn from (select id, type, seq from events order by seq desc limit 10000) x)
      insert into webhook_deliveries (id, endpoint_id, event_id, event_type, status, retrying, attempts, next_attempt_at, created_at)
      select ${id('wd', `${now}`, 'n + 10000000000', 22)}, eps.id, evs.id, evs.type, 'pending', 0, 0, $1, $1
      from generate_series(0, ${count - 1}) n
      join eps on eps.rn = n % (select count(*) from eps)
      join evs on evs.rn = n % (select count(*) from evs)`,
      [new Date(now).toISOString(), seeded.resellerId],
    );
    await client.query('analyze webhook_deliveries');
    const pending = async () => Number((await client.query(`select count(*) as n from webhook_deliveries where status = 'pending'`)).rows[0].n);
    const total = await pending();
    const env = { DATABASE_URL: seeded.url, RESELLERKIT_ADMIN_KEY: ADMIN_KEY, WEBHOOK_ALLOW_PRIVATE: 'true' };
    // From the worker's "running" line: its start (tsx compiling the CLI) is not delivery.
    const worker = await startWorker(env);
    const t0 = performance.now();
    let left = total;
    try {
      while (left > 0 && performance.now() - t0 < 180_000) {
        await new Promise((r) => setTimeout(r, 250));
        left = await pending();
      }
    } finally {
      await worker.stop();
    }
    const seconds = (performance.now() - t0) / 1000;
    const sent = total - left;
    return { perSecond: sent / seconds, sent, seconds };
  } finally {
    await client.end();
  }
}

const gb = (bytes: number) => `${fmt(bytes / 2 ** 30, 2)} GiB`;
const ms = (x: number) => `${fmt(x, 1)} ms`;

export async function scaleRehearsal(): Promise<void> {
  const runStart = performance.now();
  const sizes = scaledSizes();
  const small = smallSizes(sizes);
  const workerDeliveries = Number(process.env.SCALE_WORKER_DELIVERIES ?? 10_000);
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  const receiver = await startChild(BASELINE, ['echo']);
  const made: Seeded[] = [];
  try {
    const results: { seeded: Seeded; latencies: Map<string, Latency>; plans: Map<string, string>; worker: Awaited<ReturnType<typeof workerThroughput>> }[] = [];
    const stores: { label: string; seeded: Seeded; list: Probe[] }[] = [];
    for (const [label, sz] of [['small', small], ['scaled', sizes]] as const) {
      console.log(`${label}: ${fmt(sz.resellers)} resellers, ${fmt(sz.trials)} trials, ${fmt(sz.events)} events, ${fmt(sz.deliveries)} deliveries`);
      const seeded = await seed(admin, label, sz, receiver.url);
      made.push(seeded);
      console.log(`  ${label}: generated in ${fmt(seeded.generationSeconds, 1)} s, ${gb(seeded.sizeBytes)}`);
      const client = new pg.Client({ connectionString: seeded.url });
      await client.connect();
      stores.push({ label, seeded, list: await probes(client, seeded.resellerId).finally(() => client.end()) });
    }
    const latencies = await measureHttp(stores);
    const explained = [];
    for (const x of stores) explained.push(await plans(x.seeded, x.list));
    const claims = await measureClaims(stores.map((x) => x.seeded));
    for (const [i, x] of stores.entries()) {
      latencies[i]!.set(CLAIM_NAME, claims[i]!);
      for (const [k, v] of latencies[i]!) console.log(`  ${x.label}: ${k}: median ${ms(v.median)}, p99 ${ms(v.p99)}`);
    }
    for (const [i, x] of stores.entries()) {
      const worker = await workerThroughput(x.seeded, receiver.url, workerDeliveries);
      console.log(`  ${x.label}: worker sent ${fmt(worker.sent)} in ${fmt(worker.seconds, 1)} s: ${fmt(worker.perSecond)} deliveries/s`);
      results.push({ seeded: x.seeded, latencies: latencies[i]!, plans: explained[i]!, worker });
    }
    const minutes = (performance.now() - runStart) / 60_000;
    writeDoc(results, minutes);
    console.log(`scale rehearsal done in ${fmt(minutes, 1)} min`);
  } finally {
    await receiver.stop();
    for (const s of made) await admin.query(`drop database if exists ${s.name} with (force)`);
    await admin.end();
  }
}

function writeDoc(
  results: { seeded: Seeded; latencies: Map<string, Latency>; plans: Map<string, string>; worker: { perSecond: number; sent: number; seconds: number } }[],
  minutes: number,
): void {
  const [small, scaled] = results as [(typeof results)[0], (typeof results)[0]];
  const z = scaled.seeded.sizes;
  const header = `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL on the same machine. Command: \`npm run bench -- --scale\`${process.env.SCALE_FACTOR ? ` with SCALE_FACTOR=${process.env.SCALE_FACTOR}` : ''}; the whole run took ${fmt(minutes, 1)} min.`;
  const count = (sz: Sizes) => `${fmt(sz.resellers)} resellers, ${fmt(sz.trials)} trials, ${fmt(sz.events)} events, ${fmt(sz.deliveries)} deliveries (${fmt(sz.pending)} pending)`;
  const stepTable = [
    '| step | rows | seconds |',
    '| --- | --- | --- |',
    ...scaled.seeded.timings.map((t) => `| ${t.step} | ${t.rows ? fmt(t.rows) : '—'} | ${fmt(t.seconds, 1)} |`),
    `| total (migration and service-written rows included) | | ${fmt(scaled.seeded.generationSeconds, 1)} |`,
  ].join('\n');
  const names = [...small.latencies.keys()];
  const latencyTable = [
    '| measurement (sequential, median / p99 of 200) | small store | scaled store | median ratio |',
    '| --- | --- | --- | --- |',
    ...names.map((n) => {
      const a = small.latencies.get(n)!;
      const b = scaled.latencies.get(n)!;
      return `| ${n} | ${ms(a.median)} / ${ms(a.p99)} | ${ms(b.median)} / ${ms(b.p99)} | ${fmt(b.median / a.median, 2)} |`;
    }),
    `| one \`resellerkit worker\`: ${fmt(scaled.worker.sent)} queued deliveries over 20 endpoints to a local receiver | ${fmt(small.worker.perSecond)} deliveries/s | ${fmt(scaled.worker.perSecond)} deliveries/s | ${fmt(scaled.worker.perSecond / small.worker.perSecond, 2)} |`,
  ].join('\n');
  const planText = names
    .map((n) => `#### ${n}\n\nScaled store:\n\n<!-- illustrative -->\n\`\`\`\n${scaled.plans.get(n) ?? '(none captured)'}\n\`\`\`\n\nSmall store, for comparison:\n\n<!-- illustrative -->\n\`\`\`\n${small.plans.get(n) ?? '(none captured)'}\n\`\`\``)
    .join('\n\n');
  const block = [
    START_MARK,
    header,
    '',
    `Scaled store: ${count(z)}; ${gb(scaled.seeded.sizeBytes)} (\`pg_database_size\`). Small store: ${count(small.seeded.sizes)} (the bench reseller's own share), ${gb(small.seeded.sizeBytes)}.`,
    '',
    'Generation of the scaled store:',
    '',
    stepTable,
    '',
    latencyTable,
    '',
    '### Plans (`EXPLAIN (ANALYZE, BUFFERS)` of the statements each request sends, as captured from the driver)',
    '',
    planText,
    END_MARK,
  ].join('\n');
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Benchmarks\n\n';
  writeFileSync(DOC, doc.includes(START_MARK) ? doc.replace(new RegExp(`${START_MARK}[\\s\\S]*?${END_MARK}`), () => block) : `${doc.trimEnd()}\n\n## Scale rehearsal figures\n\n${block}\n`);
}
