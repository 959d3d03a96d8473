import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';
import { statementsSentDuring, testDialects } from '@resellerkit/dev-env/stores';
import { insertRows } from '../insert-rows.js';
import { executeDeferred } from '../work-handle.js';
import { combineBuffers } from './group-flush.js';

/** One transaction's buffer as the driver sends it. */
const combine = (queries: CompiledQuery[]) => combineBuffers([queries]);

/** The same rules hold on both stores; on PostgreSQL the inserts wait in the write-behind buffer (write-behind.ts). */
describe.each(testDialects)('writes that need no answer, in a transaction (%s)', (dialect) => {
  let h: Harness;
  let r: { id: string; key: string };
  beforeAll(async () => {
    h = await createHarness(dialect);
    r = await h.reseller();
  });
  afterAll(() => h.close());

  const db = () => h.services.ctx.db;
  let n = 0;
  const mail = (id: string) => ({ id, to_address: `${id}@rows.test`, subject: `Ämne ${++n}`, text: 'Hej', status: 'pending', attempts: 0, next_attempt_at: '2026-01-01T00:00:00.000Z', created_at: '2026-01-01T00:00:00.000Z' });
  const stored = async (ids: string[]) => (await db().selectFrom('emails').select('id').where('id', 'in', ids).orderBy('id').execute()).map((m) => m.id);
  const count = async (table: 'trials' | 'trial_users' | 'emails' | 'events' | 'webhook_deliveries' | 'audit_log') =>
    Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('lets a read later in the transaction see what it wrote, and another connection only after COMMIT', async () => {
    let inside: string[] = [];
    let outside: string[] = ['not read'];
    await db()
      .transaction()
      .execute(async (tx) => {
        await insertRows(tx, 'emails', [mail('mail_wb_a1'), mail('mail_wb_a2')]);
        await insertRows(tx, 'emails', [mail('mail_wb_a3')]);
        inside = (await tx.selectFrom('emails').select('id').where('id', 'like', 'mail_wb_a%').orderBy('id').execute()).map((m) => m.id);
        await insertRows(tx, 'emails', [mail('mail_wb_a4')]);
        // On SQLite the transaction holds the one connection: only PostgreSQL can look from outside meanwhile.
        if (dialect === 'postgres') outside = await stored(['mail_wb_a1', 'mail_wb_a4']);
      });
    expect(inside).toEqual(['mail_wb_a1', 'mail_wb_a2', 'mail_wb_a3']);
    if (dialect === 'postgres') expect(outside).toEqual([]);
    expect(await stored(['mail_wb_a1', 'mail_wb_a2', 'mail_wb_a3', 'mail_wb_a4'])).toEqual(['mail_wb_a1', 'mail_wb_a2', 'mail_wb_a3', 'mail_wb_a4']);
  });

  it('fails the transaction with the constraint error of a buffered insert and keeps none of its writes', async () => {
    await insertRows(db(), 'emails', [mail('mail_wb_b1')]);
    const failed = db()
      .transaction()
      .execute(async (tx) => {
        await insertRows(tx, 'emails', [mail('mail_wb_b2')]);
        await insertRows(tx, 'emails', [mail('mail_wb_b1')]); // the primary key is taken
        await insertRows(tx, 'emails', [mail('mail_wb_b3')]);
      });
    const error = (await failed.then(() => null, (e: unknown) => e)) as { code?: string; constraint?: string } | null;
    expect(error?.code).toBe(dialect === 'postgres' ? '23505' : 'SQLITE_CONSTRAINT_PRIMARYKEY');
    if (dialect === 'postgres') expect(error?.constraint).toBe('emails_pkey');
    expect(await stored(['mail_wb_b1', 'mail_wb_b2', 'mail_wb_b3'])).toEqual(['mail_wb_b1']);
  });

  it('undoes buffered writes with the savepoint they came after, and keeps the ones before it', async () => {
    await db()
      .transaction()
      .execute(async (tx) => {
        await insertRows(tx, 'emails', [mail('mail_wb_c1')]);
        await sql`savepoint wb`.execute(tx);
        await insertRows(tx, 'emails', [mail('mail_wb_c2')]);
        await sql`rollback to savepoint wb`.execute(tx);
        await insertRows(tx, 'emails', [mail('mail_wb_c3')]);
      });
    expect(await stored(['mail_wb_c1', 'mail_wb_c2', 'mail_wb_c3'])).toEqual(['mail_wb_c1', 'mail_wb_c3']);
  });

  it('keeps nothing of a transaction that throws after its buffered writes, a NOTIFY among them', async () => {
    await expect(
      db()
        .transaction()
        .execute(async (tx) => {
          await insertRows(tx, 'emails', [mail('mail_wb_d1')]);
          if (dialect === 'postgres') await executeDeferred(tx, sql`select pg_notify(${'rk_test_channel'}, '')`.compile(tx));
          await insertRows(tx, 'emails', [mail('mail_wb_d2')]);
          throw new Error('abort');
        }),
    ).rejects.toThrow('abort');
    expect(await stored(['mail_wb_d1', 'mail_wb_d2'])).toEqual([]);
  });

  it('numbers rows of one table in the order they were written, also among buffered ones (the feed is in seq order)', async () => {
    const event = (id: string) => ({ id, type: 'trial.created', reseller_id: r.id, data: '{}', created_at: '2026-01-15T09:00:00.000Z', trial_id: null });
    await db()
      .transaction()
      .execute(async (tx) => {
        await insertRows(tx, 'events', [event('evt_wb_2')]);
        await insertRows(tx, 'emails', [mail('mail_wb_e1')]);
        await insertRows(tx, 'events', [event('evt_wb_1')]);
        await insertRows(tx, 'events', [event('evt_wb_3')]);
      });
    const rows = await db().selectFrom('events').select('id').where('id', 'in', ['evt_wb_1', 'evt_wb_2', 'evt_wb_3']).orderBy('seq').execute();
    expect(rows.map((e) => e.id)).toEqual(['evt_wb_2', 'evt_wb_1', 'evt_wb_3']);
  });

  it('answers 409 to a trial for a held organization and writes none of its users, mails, event, deliveries or audit', async () => {
    await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: 'https://hooks.example.com/rk' } });
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Buffert' } });
    const body = { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'ett@buffert.test' }, { email: 'tva@buffert.test' }] };
    expect((await h.call('POST', '/v1/trials', { key: r.key, body })).status).toBe(201);
    const tables = ['trials', 'trial_users', 'emails', 'events', 'webhook_deliveries', 'audit_log'] as const;
    const before = await Promise.all(tables.map(count));
    const again = await h.call('POST', '/v1/trials', { key: r.key, body: { ...body, users: [{ email: 'tre@buffert.test' }] } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('organization_has_account');
    expect(await Promise.all(tables.map(count))).toEqual(before);
    // The same under an Idempotency-Key (a unit of work): the 409 is kept, the writes are not.
    const keyed = await h.call('POST', '/v1/trials', { key: r.key, body, headers: { 'idempotency-key': 'wb-held' } });
    expect(keyed.status).toBe(409);
    expect(await Promise.all(tables.map(count))).toEqual(before);
  });

  it.runIf(dialect === 'postgres')('sends a trial creation as two statements: the organization, then the writes with the fan-out inside', async () => {
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Tur och retur' } });
    const { result: created, sent, names } = await statementsSentDuring(() => h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'a@tur.test' }, { email: 'b@tur.test' }] } }));
    expect(created.status).toBe(201);
    const writes = sent.flatMap((text, i) => (/rate_limit_buckets/.test(text) ? [] : [{ text, name: names[i] }]));
    expect(writes).toHaveLength(2);
    // The organization's read is prepared (parsed and planned once per connection), and outside the transaction,
    // shared with any creation that comes meanwhile (db/shared-lookup.ts).
    expect(writes[0]!.text).toMatch(/^select "id", "name", "reseller_id" from "organizations" where "id" = any\(/);
    expect(writes[0]!.name).toBeDefined();
    expect(writes[1]!.text).toMatch(/^with w0 as \(insert into "trials" .*\(insert into "webhook_deliveries" .* select \(select pg_notify\(/s);
  });
});

describe('combining buffered statements', () => {
  it('numbers each statement\'s placeholders after the ones before it, and puts SELECTs last as one select list', () => {
    const combined = combine([
      CompiledQuery.raw('insert into "a" ("x", "y") values ($1, $2)', [1, 2]),
      CompiledQuery.raw("select pg_notify($1, '')", ['chan']),
      CompiledQuery.raw('insert into "b" ("z") values ($1), ($2)', [3, 4]),
    ]);
    expect(combined.sql).toBe('with w0 as (insert into "a" ("x", "y") values ($1, $2)), w1 as (insert into "b" ("z") values ($4), ($5)) select (select pg_notify($3, \'\'))');
    expect(combined.parameters).toEqual([1, 2, 'chan', 3, 4]);
    expect(combine([CompiledQuery.raw('insert into "a" ("x") values ($1)', [1]), CompiledQuery.raw('insert into "b" ("z") values ($1)', [2])]).sql).toBe('with w0 as (insert into "a" ("x") values ($1)) insert into "b" ("z") values ($2)');
  });
});
