/**
 * @module What recording customer users' activity costs on the hot read of their plan: `GET /v1/me/plan` throughput
 * with activity recorded (ENGAGEMENT_TRACKING=on, the default) over the same app without it (`off`). Both apps run in
 * this process on one store and take turns in short ABBA-ordered bursts, and the median of the pairs' ratios is
 * reported: two server processes measured in alternating autocannon rounds differed by up to 40 % with recording off
 * in both (an A/A run on a busy machine), which hides a 5 % effect. In-process, without HTTP's own cost, the share of
 * the recording is larger than over the network, so the ratio errs on the safe side. 50 users each read with their own
 * session, and before every burst their last activity is set a minute back, so each burst carries 50 writes, as if every
 * user had come back after a minute (a heavier share of writing reads than in use). BENCH_ENGAGEMENT_AA=1 runs both
 * sides without recording, to show the method's own noise.
 */
import { createApp, loadConfig, openServices, queuedParts } from '@resellerkit/server';
import { createAppContext, type Actor } from '../packages/server/src/app/context.js';
import { acceptInvitation } from '../packages/server/src/modules/accounts/service.js';
import { createOrganization } from '../packages/server/src/modules/organizations/service.js';
import { replacePlan } from '../packages/server/src/modules/plans/service.js';
import { createTrial } from '../packages/server/src/modules/trials/service.js';
import { createReseller } from '../packages/server/src/modules/vendor/service.js';
import { fmt, medianOf, type Row } from './lib.js';
import type { Services } from '../packages/server/src/app/services.js';

const USERS = 50;
const ACTIONS = 40;
const BURST = 400;
const PAIRS = 40;

/** One trial with 50 users who accepted their invitations, and a 40-action plan; returns their session tokens. */
async function seed(ctx: Services['ctx']): Promise<string[]> {
  const reseller = await createReseller(ctx, { name: 'Bench Engagemang AB', orgNumber: '556677-8899', contactEmail: 'bench@bench.test', discountPercent: 20, allowedOrigins: [] });
  const actor: Actor = { kind: 'reseller', resellerId: reseller.id, credentialId: 'bench' };
  const org = await createOrganization(ctx, actor, { name: 'Brf Läsarna', orgNumber: '769600-1234' });
  const actions = Array.from({ length: ACTIONS }, (_, i) => ({
    property: 'Läsarna 1',
    building: `Hus ${i % 4}`,
    category: 'Fasad',
    location: 'Norra fasaden',
    action: `Åtgärd ${i}`,
    year: 2027 + (i % 10),
    intervalYears: 30,
    quantity: 12.5,
    unit: 'm2',
    unitPrice: 123_450,
  }));
  await replacePlan(ctx, actor, org.id, actions as Parameters<typeof replacePlan>[3]);
  const emails = Array.from({ length: USERS }, (_, i) => `lasare${i}@bench.test`);
  await createTrial(ctx, actor, { organizationId: org.id, customerType: 'brf', users: emails.map((email) => ({ email, role: 'reader' as const })) });
  const mails = await ctx.db.selectFrom('emails').selectAll().where('to_address', 'in', emails).execute();
  const tokens: string[] = [];
  for (const m of mails) {
    const token = decodeURIComponent(/token=([\w%-]+)/.exec(queuedParts(m, ctx.branding).text)![1]!);
    tokens.push((await acceptInvitation(ctx, token, 'ett långt bänklösenord')).session.token);
  }
  return tokens;
}

export async function engagementBenchmarks(store: string, databaseUrl: string): Promise<Row[]> {
  const on = await openServices(loadConfig({ DATABASE_URL: databaseUrl, RATE_LIMIT: '0' }));
  try {
    const sessions = await seed(on.ctx);
    const offCtx = createAppContext(on.store, loadConfig({ DATABASE_URL: databaseUrl, RATE_LIMIT: '0', ENGAGEMENT_TRACKING: 'off' }), on.ctx.clock, on.ctx.planFiles);
    const apps = { on: createApp({ ctx: process.env.BENCH_ENGAGEMENT_AA ? offCtx : on.ctx }), off: createApp({ ctx: offCtx }) };
    let next = 0;
    /** Requests a second over one burst, 32 in flight at a time as autocannon's connections would be. */
    const burst = async (app: (typeof apps)['on']) => {
      const t0 = performance.now();
      for (let i = 0; i < BURST; i += 32) {
        await Promise.all(
          Array.from({ length: 32 }, async () => {
            const res = await app.request('/v1/me/plan', { headers: { authorization: `Bearer ${sessions[next++ % sessions.length]}` } });
            if (res.status !== 200) throw new Error(`GET /v1/me/plan: ${res.status}`);
            await res.arrayBuffer();
          }),
        );
      }
      return (Math.ceil(BURST / 32) * 32 * 1000) / (performance.now() - t0);
    };
    await burst(apps.off);
    await burst(apps.on);
    const ratios: number[] = [];
    const rates = { on: [] as number[], off: [] as number[] };
    for (let p = 0; p < PAIRS; p++) {
      // ABBA: whichever runs second in a pair is not always the same one.
      const order = p % 2 === 0 ? (['off', 'on'] as const) : (['on', 'off'] as const);
      const r: Record<string, number> = {};
      for (const k of order) {
        // Every user's last read is a minute old before each burst: the 50 first reads of a minute write, in each.
        await on.ctx.db.updateTable('trial_users').set({ last_activity_at: new Date(Date.now() - 120_000).toISOString() }).execute();
        rates[k].push((r[k] = await burst(apps[k])));
      }
      ratios.push(r.on! / r.off!);
    }
    const ratio = medianOf(ratios);
    return [
      {
        benchmark: `GET /v1/me/plan (${ACTIONS} actions, ${USERS} users) with activity recorded vs ENGAGEMENT_TRACKING=off, in-process, ${PAIRS} ABBA pairs of ${BURST}, each user's first read of the burst writing`,
        store,
        ours: `${fmt(medianOf(rates.on))} req/s`,
        baseline: `${fmt(medianOf(rates.off))} req/s`,
        ratio: fmt(ratio, 3),
        target: '≥ 0.95',
        ok: ratio >= 0.95,
      },
    ];
  } finally {
    on.ctx.planFiles.close();
    await on.store.destroy();
  }
}
