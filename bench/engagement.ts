/**
 * @module What recording customer users' activity costs on the hot read of their plan: `GET /v1/me/plan` throughput
 * with activity recorded (ENGAGEMENT_TRACKING=on, the default) over the same process without it (`off`), on the same
 * store, in alternating rounds. 50 users each read with their own session, so every user's first read of a minute
 * writes, as it would in use.
 */
import { SERVER_CLI } from '@resellerkit/dev-env/processes';
import { loadConfig, openServices } from '@resellerkit/server';
import type { Actor } from '../packages/server/src/app/context.js';
import { acceptInvitation } from '../packages/server/src/modules/accounts/service.js';
import { createOrganization } from '../packages/server/src/modules/organizations/service.js';
import { replacePlan } from '../packages/server/src/modules/plans/service.js';
import { createTrial } from '../packages/server/src/modules/trials/service.js';
import { createReseller } from '../packages/server/src/modules/vendor/service.js';
import { alternate, fmt, load, startChild, type Row } from './lib.js';

const USERS = 50;
const ACTIONS = 40;

/** One trial with 50 users who accepted their invitations, and a 40-action plan; returns their session tokens. */
async function seed(databaseUrl: string): Promise<string[]> {
  const s = await openServices(loadConfig({ DATABASE_URL: databaseUrl }));
  const ctx = s.ctx;
  try {
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
    const mails = await ctx.db.selectFrom('emails').select('text').where('to_address', 'in', emails).execute();
    const tokens: string[] = [];
    for (const m of mails) {
      const token = decodeURIComponent(/token=([\w%-]+)/.exec(m.text)![1]!);
      tokens.push((await acceptInvitation(ctx, token, 'ett långt bänklösenord')).session.token);
    }
    return tokens;
  } finally {
    ctx.planFiles.close();
    await s.store.destroy();
  }
}

export async function engagementBenchmarks(store: string, databaseUrl: string): Promise<Row[]> {
  const sessions = await seed(databaseUrl);
  const env = { DATABASE_URL: databaseUrl, RATE_LIMIT: '0', AUTH_FAILURE_LIMIT: '0' };
  const without = await startChild(SERVER_CLI, ['serve', '--no-workers'], { ...env, ENGAGEMENT_TRACKING: 'off' });
  const recorded = await startChild(SERVER_CLI, ['serve', '--no-workers'], env);
  let next = 0;
  const read = (url: string) =>
    load({
      url: `${url}/v1/me/plan`,
      duration: 3,
      requests: [{ setupRequest: (req: any) => ({ ...req, headers: { ...req.headers, authorization: `Bearer ${sessions[next++ % sessions.length]}` } }) }],
    });
  try {
    const { baseline, subject, ratio } = await alternate(() => read(without.url), () => read(recorded.url), store === 'SQLite' ? 5 : 3);
    return [
      {
        benchmark: `GET /v1/me/plan (${ACTIONS} actions, ${USERS} users) with activity recorded vs ENGAGEMENT_TRACKING=off, 32 connections`,
        store,
        ours: `${fmt(subject.rps)} req/s, p99 ${subject.p99} ms${subject.non2xx ? `, ${subject.non2xx} non-2xx` : ''}`,
        baseline: `${fmt(baseline.rps)} req/s`,
        ratio: fmt(ratio, 3),
        target: '≥ 0.95',
        ok: ratio >= 0.95 && subject.non2xx === 0 && baseline.non2xx === 0,
      },
    ];
  } finally {
    await without.stop();
    await recorded.stop();
  }
}
