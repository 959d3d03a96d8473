/** @module How a worker records its deliveries' outcomes on PostgreSQL: in batches that wait a little to fill. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';
import { statementsSentDuring, testDialects } from '@resellerkit/dev-env/stores';
import { recordEvent } from '../src/outbox/record.js';
import { groupRecorder } from '../src/webhooks/delivery/attempt.js';

describe.runIf(testDialects.includes('postgres'))('outcomes recorded on PostgreSQL', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness('postgres');
  });
  afterAll(() => h.close());

  /** `n` deliveries leased to `owner` as a claim leaves them (no worker runs here), with their endpoint. */
  async function leased(owner: string, n: number) {
    const r = await h.reseller();
    const ep = await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: 'https://hooks.example.com/outcomes' } });
    expect(ep.status).toBe(201);
    for (let i = 0; i < n; i++) await h.services.ctx.db.transaction().execute((tx) => recordEvent(tx, h.clock.now().toISOString(), { type: 'trial.created', resellerId: r.id, data: { id: `trial_${owner}_${i}` } }));
    const rows = await h.services.ctx.db.updateTable('webhook_deliveries').set({ lease_owner: owner, lease_until: '2999-01-01T00:00:00.000Z' }).where('endpoint_id', '=', ep.body.id).returningAll().execute();
    const endpoint = await h.services.ctx.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', ep.body.id).executeTakeFirstOrThrow();
    return { rows, endpoint };
  }
  const ok = { statusCode: 200, body: 'ok', retryAfter: null, error: null, durationMs: 3 };
  const successStatements = (sent: string[]) => sent.filter((s) => /^with attempt as \(\s*insert into webhook_attempts/.test(s));

  it('writes outcomes that finish a moment apart in one statement, and stores each', async () => {
    for (const [owner, n] of [['wkr_few', 3], ['wkr_many', 40]] as const) {
      const { rows, endpoint } = await leased(owner, n);
      const record = groupRecorder(h.services.ctx, owner);
      // One after another, as answers arrive: without the wait the first would go alone.
      const { sent } = await statementsSentDuring(() => Promise.all(rows.map((d) => record(d, endpoint, ok))));
      expect(successStatements(sent)).toHaveLength(1);
      const stored = await h.services.ctx.db.selectFrom('webhook_deliveries').select(['status', 'lease_owner']).where('endpoint_id', '=', endpoint.id).execute();
      expect(stored).toEqual(rows.map(() => ({ status: 'succeeded', lease_owner: null })));
    }
  });
});
