import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, openServices } from '@resellerkit/server';
import * as repo from '../packages/server/src/modules/revenue/repo.js';
import { revenueForecast } from '../packages/server/src/modules/revenue/service.js';
import { conversionWindow } from '../packages/server/src/modules/revenue/forecast/conversion.js';
import { CUSTOMER_LIVE } from '../packages/server/src/lifecycle/machines.js';
const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'rk-fc-'));
const url = join(dir, 'bench.db');
if (!process.argv[2]) {
  const { seedForecast } = await import('./forecast.js') as any;
  await seedForecast(url);
  console.log('seeded', dir);
}
const s = await openServices(loadConfig({ DATABASE_URL: url }));
const ctx = s.ctx;
const rid = (await ctx.db.selectFrom('resellers').select('id').executeTakeFirstOrThrow()).id;
const actor = { kind: 'reseller' as const, resellerId: rid, credentialId: 'x' };
const time = async (label: string, fn: () => Promise<unknown>) => {
  const ts: number[] = [];
  for (let i = 0; i < 15; i++) { const t = performance.now(); await fn(); ts.push(performance.now() - t); }
  ts.sort((a, b) => a - b);
  console.log(label, ts[7]!.toFixed(1));
};
const now = new Date();
await time('customers', () => repo.renewingCustomers(ctx.db, rid, CUSTOMER_LIVE));
await time('trials', () => repo.openTrialsWithPrice(ctx.db, rid, 'active'));
await time('outcomes', () => repo.trialOutcomes(ctx.db, rid, conversionWindow(now)));
await time('resellers', () => repo.forecastResellers(ctx.db, rid));
const s2 = await openServices(loadConfig({ DATABASE_URL: url }));
await time('all4', () => Promise.all([repo.forecastResellers(s2.ctx.db, rid), repo.renewingCustomers(s2.ctx.db, rid, CUSTOMER_LIVE), repo.openTrialsWithPrice(s2.ctx.db, rid, 'active'), repo.trialOutcomes(s2.ctx.db, rid, conversionWindow(now)), repo.licencePrices(s2.ctx.db)]));
await time('whole', () => revenueForecast(ctx, actor, { months: 12 }));
await s.store.destroy();
