import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { openServices, type Services } from '../../app/services.js';
import { createTestStore, testDialects, type TestStore } from '@resellerkit/dev-env/stores';
import { compiledQuery } from './compiled-query.js';

/** Defined once for both dialects: each store's first call compiles its own SQL. */
const mailsTo = compiledQuery<{ to: string; status: string }, { id: string; subject: string }>(['to', 'status'], (db, p) =>
  db.selectFrom('emails').select(['id', 'subject']).where('to_address', '=', p.to).where('status', '=', p.status).where('attempts', '<', 3).orderBy('id'),
);

describe.each(testDialects)('compiledQuery on %s', (dialect) => {
  let store: TestStore;
  let s: Services;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    s = await openServices(loadConfig({ DATABASE_URL: store.url }));
    const mail = (id: string, to: string, status: string, attempts = 0) => ({ id, to_address: to, subject: `Ämne ${id}`, text: 'Hej', status, attempts, next_attempt_at: '2026-01-01T00:00:00.000Z', created_at: '2026-01-01T00:00:00.000Z' });
    await s.ctx.db
      .insertInto('emails')
      .values([mail('m1', 'a@q.test', 'pending'), mail('m2', 'a@q.test', 'sent'), mail('m3', 'b@q.test', 'pending'), mail('m4', 'a@q.test', 'pending', 3)])
      .execute();
  });
  afterAll(async () => {
    await s.store.destroy();
    await store.drop();
  });

  it('binds each call its own values where the placeholders were, and keeps the constants', async () => {
    expect(await mailsTo(s.ctx.db, { to: 'a@q.test', status: 'pending' })).toEqual([{ id: 'm1', subject: 'Ämne m1' }]);
    expect(await mailsTo(s.ctx.db, { to: 'a@q.test', status: 'sent' })).toEqual([{ id: 'm2', subject: 'Ämne m2' }]);
    expect(await mailsTo(s.ctx.db, { to: 'b@q.test', status: 'pending' })).toEqual([{ id: 'm3', subject: 'Ämne m3' }]);
    expect(await mailsTo(s.ctx.db, { to: "x' or '1'='1", status: 'pending' })).toEqual([]);
  });

  it('runs inside a transaction, on the transaction', async () => {
    await s.ctx.db
      .transaction()
      .execute(async (tx) => {
        await tx.updateTable('emails').set({ status: 'sent' }).where('id', '=', 'm3').execute();
        expect(await mailsTo(tx, { to: 'b@q.test', status: 'sent' })).toEqual([{ id: 'm3', subject: 'Ämne m3' }]);
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(await mailsTo(s.ctx.db, { to: 'b@q.test', status: 'sent' })).toEqual([]);
  });
});

it('refuses a builder that does not use a named value as a value', async () => {
  const store = await createTestStore('sqlite');
  const s = await openServices(loadConfig({ DATABASE_URL: store.url }));
  try {
    const unused = compiledQuery<{ to: string }, { id: string }>(['to'], (db) => db.selectFrom('emails').select('id'));
    await expect(unused(s.ctx.db, { to: 'a@q.test' })).rejects.toThrow(/to did not reach the SQL/);
  } finally {
    await s.store.destroy();
    await store.drop();
  }
});
