import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';
import { ENGAGEMENT_LEVELS } from './engagement.js';

const DAY = 86_400_000;

describe.each(testDialects)('the engagement filter agrees with engagementLevel (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect, { clockStart: '2026-07-01T12:00:00.000Z' });
  });
  afterAll(() => h.close());

  it('puts every trial under exactly the level its engagement shows, at the window edges too', async () => {
    const r = await h.reseller();
    const now = h.clock.now().getTime();
    // Times around the window's edge: inside, exactly 7 days old (outside), older, none.
    const times = [null, new Date(now - DAY).toISOString(), new Date(now - 7 * DAY + 1).toISOString(), new Date(now - 7 * DAY).toISOString(), new Date(now - 9 * DAY).toISOString()];
    let seed = 7;
    const pick = <T>(xs: T[]) => xs[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % xs.length]!;
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: `Brf Kant ${i}` } });
      const t = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: `a${i}@kant.test` }, { email: `b${i}@kant.test` }, { email: `c${i}@kant.test` }] } });
      ids.push(t.body.id);
      for (const u of t.body.users) {
        const accepted = i % 5 !== 0 && pick([true, true, false]);
        const last = accepted ? pick(times) : null;
        // An edit is also activity: never later than the last activity.
        const edit = last ? pick([null, last, times[4]!].filter((x) => x === null || x <= last)) : null;
        await h.services.ctx.db
          .updateTable('trial_users')
          .set({ accepted_at: accepted ? new Date(now - 20 * DAY).toISOString() : null, last_activity_at: last, last_edit_at: edit, plan_edits: edit ? 1 : 0 })
          .where('id', '=', u.id)
          .execute();
      }
    }
    const levels = new Map<string, string>();
    for (const id of ids) levels.set(id, (await h.call('GET', `/v1/trials/${id}`, { key: r.key })).body.engagement.level);
    expect(new Set(levels.values()).size).toBe(4);
    for (const level of ENGAGEMENT_LEVELS) {
      const listed = (await h.call('GET', `/v1/trials?engagement=${level}&limit=100`, { key: r.key })).body.data.map((t: any) => t.id).sort();
      expect(listed, level).toEqual(ids.filter((id) => levels.get(id) === level).sort());
    }
  });
});
