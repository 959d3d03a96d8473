import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppContext } from '../src/app/context.js';
import { runDueJobs } from '../src/scheduler/jobs.js';
import { createHarness, latestInvitationToken, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

const DAY = 86_400_000;
const PASSWORD = 'ett långt lösenord';

describe.each(testDialects)('trial engagement (%s)', (dialect) => {
  let h: Harness;
  let r: { id: string; key: string };
  let n = 0;
  beforeAll(async () => {
    h = await createHarness(dialect, { clockStart: '2026-04-01T08:00:00.000Z' });
    r = await h.reseller();
  });
  afterAll(() => h.close());

  /** A trial for a fresh organization with `emails` invited; returns its id and the users' ids by address. */
  async function trialWith(...emails: string[]) {
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: `Brf Engagemang ${++n}` } });
    const t = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: emails.map((email) => ({ email })) } });
    expect(t.status).toBe(201);
    return { id: t.body.id as string, users: Object.fromEntries(t.body.users.map((u: any) => [u.email, u.id])) as Record<string, string> };
  }
  const accept = async (email: string) => {
    const res = await h.call('POST', '/v1/invitations/accept', { body: { token: await latestInvitationToken(h, email), password: PASSWORD } });
    expect(res.status).toBe(200);
    return res.body.session.token as string;
  };
  const login = async (email: string) => (await h.call('POST', '/v1/login', { body: { email, password: PASSWORD } })).body.session.token as string;
  const trial = async (id: string) => (await h.call('GET', `/v1/trials/${id}`, { key: r.key })).body;
  const level = async (id: string) => (await trial(id)).engagement.level;
  const edit = async (session: string) => expect((await h.call('PUT', '/v1/me/plan', { key: session, body: { actions: [] } })).status).toBe(200);
  const eventsOf = async (type: string, trialId: string) =>
    (await h.call('GET', `/v1/events?type=${type}&limit=100`, { key: r.key })).body.data.filter((e: any) => e.data.id === trialId);

  it('accepting, logging in and editing the plan move a trial from none to high', async () => {
    const t = await trialWith('anna@e.test', 'bo@e.test');
    const fresh = await trial(t.id);
    expect(fresh.engagement).toEqual({ invited: 2, accepted: 0, activeUsers7d: 0, lastActivityAt: null, planEdits: 0, level: 'none' });
    expect(fresh.users[0]).toMatchObject({ acceptedAt: null, lastActivityAt: null, planEdits: 0 });

    h.clock.advance(60_000);
    const anna = await accept('anna@e.test');
    const acceptedAt = h.clock.now().toISOString();
    expect(await level(t.id)).toBe('low');
    expect((await trial(t.id)).users.find((u: any) => u.email === 'anna@e.test')).toMatchObject({ acceptedAt, lastActivityAt: acceptedAt });

    h.clock.advance(60_000);
    await accept('bo@e.test');
    h.clock.advance(60_000);
    const bo = await login('bo@e.test');
    const after = await trial(t.id);
    expect(after.engagement).toMatchObject({ accepted: 2, activeUsers7d: 2, lastActivityAt: h.clock.now().toISOString(), level: 'medium' });

    await edit(anna);
    expect(await level(t.id)).toBe('medium');
    h.clock.advance(60_000);
    await edit(bo);
    const high = await trial(t.id);
    expect(high.engagement).toMatchObject({ planEdits: 2, level: 'high' });
    // The list shows the same engagement and filters by it.
    const listed = (await h.call('GET', '/v1/trials?engagement=high', { key: r.key })).body.data;
    expect(listed.map((x: any) => x.id)).toContain(t.id);
    expect(listed.find((x: any) => x.id === t.id).engagement).toEqual(high.engagement);
    expect((await h.call('GET', '/v1/trials?engagement=low,none', { key: r.key })).body.data.map((x: any) => x.id)).not.toContain(t.id);

    // A week later nothing happened in the window: the clock alone makes it low (and the filter agrees).
    h.clock.advance(7 * DAY);
    expect(await level(t.id)).toBe('low');
    expect((await h.call('GET', '/v1/trials?engagement=low,none', { key: r.key })).body.data.map((x: any) => x.id)).toContain(t.id);
  });

  it('refuses an unknown level naming the parameter', async () => {
    const res = await h.call('GET', '/v1/trials?engagement=low,lukewarm', { key: r.key });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.error)).toContain('engagement');
    expect(res.body.error.message + JSON.stringify(res.body.error.issues)).toContain('lukewarm');
  });

  it('records a plan read at most once a minute per user', async () => {
    const t = await trialWith('las@e.test');
    const session = await accept('las@e.test');
    const lastActivity = async () => (await trial(t.id)).users[0].lastActivityAt;
    const acceptedAt = await lastActivity();
    h.clock.advance(30_000);
    expect((await h.call('GET', '/v1/me/plan', { key: session })).status).toBe(200);
    expect(await lastActivity()).toBe(acceptedAt);
    h.clock.advance(31_000);
    await h.call('GET', '/v1/me/plan', { key: session });
    expect(await lastActivity()).toBe(h.clock.now().toISOString());
  });

  it('sends trial.inactive once per quiet spell and trial.engaged once, with two schedulers at once', async () => {
    const t = await trialWith('tyst@e.test', 'stilla@e.test');
    const other = createAppContext(h.services.store, h.config, h.clock, h.services.ctx.planFiles);
    const both = async () => {
      const [a, b] = await Promise.all([runDueJobs(h.services.ctx), runDueJobs(other)]);
      return { inactive: a.inactive + b.inactive, engaged: a.engaged + b.engaged };
    };
    h.clock.advance(7 * DAY - 1000);
    await both();
    expect(await eventsOf('trial.inactive', t.id)).toHaveLength(0);
    h.clock.advance(1000);
    await both();
    await both();
    const first = await eventsOf('trial.inactive', t.id);
    expect(first).toHaveLength(1);
    expect(first[0].data.engagement.level).toBe('none');

    // Activity ends the spell; seven quiet days later a new one is announced, once.
    const s1 = await accept('tyst@e.test');
    const s2 = await accept('stilla@e.test');
    await edit(s1);
    await edit(s2);
    await both();
    await both();
    const engaged = await eventsOf('trial.engaged', t.id);
    expect(engaged).toHaveLength(1);
    expect(engaged[0].data.engagement.level).toBe('high');
    h.clock.advance(7 * DAY);
    await both();
    await both();
    expect(await eventsOf('trial.inactive', t.id)).toHaveLength(2);
    // Reaching high again is no news.
    await edit(s1);
    await edit(s2);
    await both();
    expect(await eventsOf('trial.engaged', t.id)).toHaveLength(1);
  });

  it('resends a never-accepted invitation at most once a day', async () => {
    const t = await trialWith('glomsk@e.test', 'snabb@e.test');
    const oldToken = await latestInvitationToken(h, 'glomsk@e.test');
    const resend = () => h.call('POST', `/v1/trials/${t.id}/users/${t.users['glomsk@e.test']}/resend`, { key: r.key });
    const first = await resend();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ email: 'glomsk@e.test', status: 'invited' });
    const newToken = await latestInvitationToken(h, 'glomsk@e.test');
    expect(newToken).not.toBe(oldToken);

    h.clock.advance(3600_000);
    const second = await resend();
    expect(second.status).toBe(429);
    expect(second.body.error).toMatchObject({ type: 'rate_limited' });
    expect(second.body.error.requestId).toBeTruthy();
    expect(Number(second.headers.get('retry-after'))).toBe(23 * 3600);

    h.clock.advance(23 * 3600_000);
    expect((await resend()).status).toBe(200);
    // Only the newest link works.
    expect((await h.call('POST', '/v1/invitations/accept', { body: { token: oldToken, password: PASSWORD } })).status).toBe(401);
    await accept('glomsk@e.test');
    h.clock.advance(2 * DAY);
    const accepted = await resend();
    expect(accepted.status).toBe(409);
    expect((await h.call('POST', `/v1/trials/${t.id}/users/tu_nobody/resend`, { key: r.key })).status).toBe(404);
    const stranger = await h.reseller();
    expect((await h.call('POST', `/v1/trials/${t.id}/users/${t.users['snabb@e.test']}/resend`, { key: stranger.key })).status).toBe(404);
  });

  it('counts conversions by the level trials closed at', async () => {
    const own = await h.reseller();
    const licence = await h.licence('brf');
    const converted = await submittedOrder(h, own, licence.id, 'Brf Köper');
    const session = await accept('styrelsen@solrosen.test');
    await edit(session);
    expect((await h.call('POST', `/v1/admin/orders/${converted.orderId}/approve`, { key: TEST_ADMIN_KEY })).status).toBe(200);
    const org = await h.call('POST', '/v1/organizations', { key: own.key, body: { name: 'Brf Avstår' } });
    await h.call('POST', '/v1/trials', { key: own.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'nej@e.test' }], durationDays: 5 } });
    h.clock.advance(6 * DAY);
    await runDueJobs(h.services.ctx);
    const stats = await h.call('GET', '/v1/trials/stats', { key: own.key });
    expect(stats.status).toBe(200);
    expect(stats.body.levels).toEqual([
      { level: 'none', converted: 0, expired: 1, conversionRate: 0 },
      { level: 'low', converted: 0, expired: 0, conversionRate: null },
      { level: 'medium', converted: 1, expired: 0, conversionRate: 1 },
      { level: 'high', converted: 0, expired: 0, conversionRate: null },
    ]);
  });

  it('erases the activity with the trial at purge', async () => {
    const t = await trialWith('glomd@e.test');
    const session = await accept('glomd@e.test');
    await edit(session);
    const activity = () => h.services.ctx.db.selectFrom('trial_users').select(['last_activity_at', 'last_edit_at', 'plan_edits']).where('trial_id', '=', t.id).execute();
    expect(await activity()).toHaveLength(1);
    expect((await h.call('POST', `/v1/trials/${t.id}/cancel`, { key: r.key })).status).toBe(200);
    h.clock.advance(31 * DAY);
    await runDueJobs(h.services.ctx);
    expect((await trial(t.id)).status).toBe('purged');
    expect(await activity()).toEqual([]);
    expect((await trial(t.id)).engagement).toMatchObject({ invited: 0, lastActivityAt: null, planEdits: 0 });
  });
});

describe.runIf(testDialects.includes('postgres'))('trial.inactive from two scheduler processes on PostgreSQL', () => {
  it('goes out exactly once', async () => {
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const { tsNode } = await import('@resellerkit/dev-env/processes');
    const h = await createHarness('postgres', { clockStart: '2026-06-01T08:00:00.000Z' });
    try {
      const r = await h.reseller();
      for (const name of ['Brf Ett', 'Brf Två', 'Brf Tre']) {
        const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name } });
        await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: `${name.slice(4).toLowerCase().replace('å', 'a')}@tva.test` }] } });
      }
      const script = fileURLToPath(new URL('./run-due-jobs.ts', import.meta.url));
      const env = { ...process.env, DATABASE_URL: h.config.DATABASE_URL, CLOCK_AT: '2026-06-08T09:00:00.000Z' };
      const start = () => {
        const child = spawn(process.execPath, tsNode(script), { env });
        let out = '';
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        const ready = new Promise<void>((resolve) => child.stdout.on('data', (d) => ((out += d), out.startsWith('ready\n') && resolve())));
        const done = new Promise<{ inactive: number; digests: number }>((resolve, reject) =>
          child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.slice('ready\n'.length))) : reject(new Error(`exit ${code}: ${err}`)))),
        );
        return { child, ready, done };
      };
      const procs = [start(), start()];
      await Promise.all(procs.map((p) => p.ready));
      for (const p of procs) p.child.stdin.write('go\n');
      const [a, b] = (await Promise.all(procs.map((p) => p.done))) as [{ inactive: number; digests: number }, { inactive: number; digests: number }];
      expect(a.inactive + b.inactive).toBe(3);
      expect(a.digests + b.digests).toBe(1);
      const events = await h.services.ctx.db.selectFrom('events').select('trial_id').where('type', '=', 'trial.inactive').execute();
      expect(events).toHaveLength(3);
      expect(new Set(events.map((e) => e.trial_id)).size).toBe(3);
      expect(await h.services.ctx.db.selectFrom('emails').select('id').where('to_address', '=', 'partner1@reseller.test').execute()).toHaveLength(1);
    } finally {
      await h.close();
    }
  }, 60_000);
});
