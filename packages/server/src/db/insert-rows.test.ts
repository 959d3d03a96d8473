import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openServices, type Services } from '../app/services.js';
import { createTestStore, testDialects, type TestStore } from '@resellerkit/dev-env/stores';
import { insertRows } from './insert-rows.js';

describe.each(testDialects)('insertRows on %s', (dialect) => {
  let store: TestStore;
  let s: Services;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    s = await openServices(loadConfig({ DATABASE_URL: store.url }));
  });
  afterAll(async () => {
    await s.store.destroy();
    await store.drop();
  });

  const mail = (id: string, subject: string) => ({ id, to_address: `${id}@rows.test`, subject, text: 'Hej', status: 'pending', attempts: 0, next_attempt_at: '2026-01-01T00:00:00.000Z', created_at: '2026-01-01T00:00:00.000Z' });
  const stored = (ids: string[]) => s.ctx.db.selectFrom('emails').select(['id', 'to_address', 'subject', 'attempts']).where('id', 'in', ids).orderBy('id').execute();

  it('binds each call its own values, also when the statement is reused', async () => {
    await insertRows(s.ctx.db, 'emails', [mail('mail_a1', 'Ett'), mail('mail_a2', 'Två')]);
    await insertRows(s.ctx.db, 'emails', [mail('mail_b1', 'Tre'), mail('mail_b2', "Fyra 'citat' och ? frågetecken")]);
    await insertRows(s.ctx.db, 'emails', [mail('mail_c1', 'Fem')]);
    const rows = await stored(['mail_a1', 'mail_a2', 'mail_b1', 'mail_b2', 'mail_c1']);
    expect(rows.map((r) => [r.id, r.subject])).toEqual([
      ['mail_a1', 'Ett'],
      ['mail_a2', 'Två'],
      ['mail_b1', 'Tre'],
      ['mail_b2', "Fyra 'citat' och ? frågetecken"],
      ['mail_c1', 'Fem'],
    ]);
  });

  it('hands rows it cannot bind positionally to Kysely: other columns, undefined values', async () => {
    // The second row lacks a column the first has: Kysely lists it for both and leaves it empty in the second.
    await insertRows(s.ctx.db, 'emails', [{ ...mail('mail_d1', 'Sex'), last_error: 'tidigare fel' }, mail('mail_d2', 'Sju')]);
    // An undefined value leaves its column out, so the column's default applies.
    await insertRows(s.ctx.db, 'emails', [{ ...mail('mail_d3', 'Åtta'), attempts: undefined as unknown as number }]);
    const rows = await s.ctx.db.selectFrom('emails').select(['id', 'subject', 'last_error', 'attempts']).where('id', 'in', ['mail_d1', 'mail_d2', 'mail_d3']).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.subject, r.last_error, r.attempts])).toEqual([
      ['mail_d1', 'Sex', 'tidigare fel', 0],
      ['mail_d2', 'Sju', null, 0],
      ['mail_d3', 'Åtta', null, 0],
    ]);
  });

  it('writes inside the caller\'s transaction and rolls back with it', async () => {
    await expect(
      s.ctx.db.transaction().execute(async (tx) => {
        await insertRows(tx, 'emails', [mail('mail_e1', 'Nio')]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await stored(['mail_e1'])).toEqual([]);
  });
});
