/**
 * @module The revenue forecast's latency (issue 18): `GET /v1/revenue/forecast` for a reseller with 10 000 customers
 * and 2 000 open trials, plus two years of closed trials for its conversion rate, from a real `serve` process.
 */
import { SERVER_CLI } from '@resellerkit/dev-env/processes';
import { loadConfig, openServices } from '@resellerkit/server';
import { newId } from '../packages/server/src/ids.js';
import { createApiKey, createLicence, createReseller } from '../packages/server/src/modules/vendor/service.js';
import { CUSTOMER_TYPES } from '../packages/server/src/modules/vendor/model.js';
import { nameSortKey, searchText } from '../packages/server/src/modules/search/model.js';
import { fmt, medianOf, startChild, type Row } from './lib.js';

const CUSTOMERS = 10_000;
const OPEN_TRIALS = 2_000;
const CLOSED_TRIALS = 3_000;
const DAY = 86_400_000;
const BATCH = 500;

/** Rows written straight into the tables in batches: the services would take minutes for 15 000 trials. */
export async function seedForecast(databaseUrl: string): Promise<string> {
  const s = await openServices(loadConfig({ DATABASE_URL: databaseUrl }));
  const ctx = s.ctx;
  const reseller = await createReseller(ctx, { name: 'Prognos AB', orgNumber: '556677-8899', contactEmail: 'prognos@bench.test', discountPercent: 20 });
  const licences = [];
  for (const [i, customerType] of CUSTOMER_TYPES.entries()) licences.push(await createLicence(ctx, { name: `Licens ${customerType}`, customerType, annualPrice: { amount: 600_000 + i * 300_000, currency: 'SEK' } }));
  const now = Date.now();
  const iso = (t: number) => new Date(t).toISOString();
  const at = iso(now);

  // One organization and one trial per account: customers (their converted trials), open trials, closed trials.
  const total = CUSTOMERS + OPEN_TRIALS + CLOSED_TRIALS;
  for (let start = 0; start < total; start += BATCH) {
    const orgs = [];
    const trials = [];
    const customers = [];
    for (let n = start; n < Math.min(total, start + BATCH); n++) {
      const organizationId = newId('org');
      const licence = licences[n % licences.length]!;
      const trialId = newId('trial');
      orgs.push({ id: organizationId, reseller_id: reseller.id, name: `Brf Prognos ${n}`, org_number: null, created_at: at, updated_at: at });
      const trial = {
        id: trialId,
        reseller_id: reseller.id,
        organization_id: organizationId,
        customer_type: licence.customerType,
        status: 'active',
        ends_at: iso(now + (n % 90) * DAY),
        expiring_notified_at: null,
        expired_at: null as string | null,
        purge_warned_at: null,
        purged_at: null,
        converted_at: null as string | null,
        cancelled_at: null,
        created_at: at,
        holds_organization: 1 as number | null,
        search_text: searchText({ organizationName: `Brf Prognos ${n}`, emails: [], orderIds: [] }),
        name_key: nameSortKey(`Brf Prognos ${n}`),
      };
      if (n < CUSTOMERS) {
        // Converted over the last two years, so renewals fall in every month ahead and half count for the rate.
        const convertedAt = now - (n % 730) * DAY - 3_600_000;
        trials.push({ ...trial, status: 'converted', ends_at: iso(convertedAt), converted_at: iso(convertedAt) });
        customers.push({
          id: newId('cus'),
          reseller_id: reseller.id,
          organization_id: organizationId,
          trial_id: trialId,
          order_id: newId('ord'),
          licence_id: licence.id,
          status: 'active',
          licence_year: n % 730 >= 365 ? 2 : 1,
          renews_at: iso(convertedAt + (n % 730 >= 365 ? 2 : 1) * 365 * DAY),
          cancelled_at: null,
          created_at: iso(convertedAt),
          purged_at: null,
          cancel_at_period_end: n % 50 === 0 ? 1 : 0,
          renewal_notice_year: null,
        });
      } else if (n >= CUSTOMERS + OPEN_TRIALS) {
        const expiredAt = iso(now - (n % 730) * DAY);
        trials.push({ ...trial, status: 'expired', ends_at: expiredAt, expired_at: expiredAt, holds_organization: null });
      } else {
        trials.push(trial);
      }
    }
    await ctx.db.insertInto('organizations').values(orgs).execute();
    await ctx.db.insertInto('trials').values(trials).execute();
    if (customers.length) await ctx.db.insertInto('customers').values(customers).execute();
  }
  const { key } = await createApiKey(ctx, reseller.id, 'bench');
  await s.store.destroy();
  return key;
}

export async function forecastBenchmarks(store: string, databaseUrl: string): Promise<Row[]> {
  const key = await seedForecast(databaseUrl);
  const server = await startChild(SERVER_CLI, ['serve', '--no-workers'], { DATABASE_URL: databaseUrl, RATE_LIMIT: '0', RESELLERKIT_ADMIN_KEY: 'bench_admin_key_0123456789' });
  try {
    // Sequential requests, the first ten as warm-up: the latency one reseller's page sees, not throughput.
    const times: number[] = [];
    for (let i = 0; i < 70; i++) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/v1/revenue/forecast?months=12`, { headers: { authorization: `Bearer ${key}` } });
      if (res.status !== 200) throw new Error(`forecast answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      if (i >= 10) times.push(performance.now() - t0);
    }
    const median = medianOf(times);
    return [
      {
        benchmark: `GET /v1/revenue/forecast?months=12 over ${fmt(CUSTOMERS)} customers and ${fmt(OPEN_TRIALS)} open trials`,
        store,
        ours: `median ${fmt(median, 1)} ms`,
        baseline: '—',
        ratio: '—',
        target: store === 'SQLite' ? '≤ 20 ms median' : 'informational',
        ok: store === 'SQLite' ? median <= 20 : null,
      },
    ];
  } finally {
    await server.stop();
  }
}
