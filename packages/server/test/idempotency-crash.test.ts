/**
 * @module A process that dies in the middle of a POST with an Idempotency-Key, and the retry another instance gets.
 * The dying instance runs our app over its own connection to the store; the test cuts that connection where a
 * `kill -9` could land (a real kill cannot be timed between two statements; this seam at the database boundary can):
 * right after the COMMIT of the request's effect, or at its first write. Then the connection closes as a dead
 * process's does, and the retry goes to the harness's own instance. (Issue 14, item 10.)
 */
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app/create-app.js';
import { createAppContext } from '../src/app/context.js';
import { groupCommitDialect, type SqliteHandle } from '../src/db/sqlite/group-commit.js';
import type { Database } from '../src/db/schema.js';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

/** Where the connection dies: once a statement matching `after` has run, or instead of one matching `before`. */
interface Fault {
  after?: RegExp;
  before?: RegExp;
  dead: boolean;
}

const GONE = 'the process is gone';

/** Runs `statement` unless the connection is dead or dies here; `sqlText` decides. */
function guarded<T>(fault: Fault, sqlText: string, statement: () => T): T {
  if (fault.dead || fault.before?.test(sqlText)) {
    fault.dead = true;
    throw new Error(GONE);
  }
  const result = statement();
  if (fault.after?.test(sqlText)) fault.dead = true;
  return result;
}

interface Instance {
  db: Kysely<Database>;
  /** What the operating system does for a killed process: its connection closes, an open transaction rolls back. */
  crash(): Promise<void>;
}

function sqliteInstance(file: string, fault: Fault): Instance {
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  const handle: SqliteHandle = {
    prepare(sqlText) {
      if (fault.dead) throw new Error(GONE);
      const stmt = raw.prepare(sqlText);
      return {
        reader: stmt.reader,
        all: (...a) => guarded(fault, sqlText, () => stmt.all(...a)),
        run: (...a) => guarded(fault, sqlText, () => stmt.run(...a)),
        iterate: (...a) => guarded(fault, sqlText, () => stmt.iterate(...a)),
      };
    },
    get inTransaction() {
      return raw.open && raw.inTransaction;
    },
    close: () => raw.close(),
  };
  return { db: new Kysely<Database>({ dialect: groupCommitDialect(handle) }), crash: async () => void raw.close() };
}

function postgresInstance(url: string, fault: Fault): Instance {
  const name = 'rk-dying-instance';
  const pool = new pg.Pool({ connectionString: url, max: 3, application_name: name });
  pool.on('error', () => {});
  const dying = {
    async connect() {
      const client = await pool.connect();
      client.on('error', () => {});
      return {
        query: (text: string, params: unknown[]) => guarded(fault, text, () => client.query(text, params)),
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
  return {
    db: new Kysely<Database>({ dialect: new PostgresDialect({ pool: dying as never }) }),
    async crash() {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [name]);
      await admin.end();
      await pool.end();
    },
  };
}

describe.each(testDialects)('a process killed mid-request, then the retry (%s)', (dialect) => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function setup() {
    h = await createHarness(dialect);
    const r = await h.reseller();
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Avbrott' } });
    return { h, r, organizationId: org.body.id as string };
  }

  /** Sends one request to an instance that dies at `fault`; the answer it may have given never reaches the client. */
  async function sendToDyingInstance(h: Harness, fault: Omit<Fault, 'dead'>, req: { key: string; path: string; idempotencyKey: string; body?: unknown }) {
    const f: Fault = { ...fault, dead: false };
    const instance = dialect === 'sqlite' ? sqliteInstance(h.config.DATABASE_URL, f) : postgresInstance(h.config.DATABASE_URL, f);
    const app = createApp({ ctx: createAppContext({ db: instance.db, dialect }, h.config, h.clock, h.services.ctx.planFiles) });
    const headers: Record<string, string> = { authorization: `Bearer ${req.key}`, 'idempotency-key': req.idempotencyKey };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    const lost = await app.request(req.path, { method: 'POST', headers, body: req.body === undefined ? undefined : JSON.stringify(req.body) });
    expect(f.dead, 'the fault was reached').toBe(true);
    await instance.crash();
    return { status: lost.status, body: await lost.json().catch(() => null) };
  }

  it('answers the retry of a trial creation with the original trial when the process died right after COMMIT', async () => {
    const { h, r, organizationId } = await setup();
    const body = { organizationId, customerType: 'brf', users: [{ email: 'styrelsen@avbrott.test' }] };
    const lost = await sendToDyingInstance(h, { after: /^commit$/i }, { key: r.key, path: '/v1/trials', idempotencyKey: 'trial-crash', body });

    const trials = await h.services.ctx.db.selectFrom('trials').select('id').where('organization_id', '=', organizationId).execute();
    expect(trials).toHaveLength(1);
    const retry = await h.call('POST', '/v1/trials', { key: r.key, body, headers: { 'idempotency-key': 'trial-crash' } });
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(trials[0]!.id);
    expect(retry.body).toEqual(lost.body);
  });

  it('answers the retry of an approval with the original approval when the process died right after COMMIT', async () => {
    const { h, r } = await setup();
    const licence = await h.licence();
    const { orderId } = await submittedOrder(h, r, licence.id, 'Brf Godkänd');
    const lost = await sendToDyingInstance(h, { after: /^commit$/i }, { key: TEST_ADMIN_KEY, path: `/v1/admin/orders/${orderId}/approve`, idempotencyKey: 'approve-crash' });

    const order = await h.call('GET', `/v1/orders/${orderId}`, { key: r.key });
    expect(order.body.status).toBe('approved');
    const retry = await h.call('POST', `/v1/admin/orders/${orderId}/approve`, { key: TEST_ADMIN_KEY, headers: { 'idempotency-key': 'approve-crash' } });
    expect(retry.status, JSON.stringify(retry.body)).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(lost.body);
    expect(await h.services.ctx.db.selectFrom('customers').select('id').where('order_id', '=', orderId).execute()).toHaveLength(1);
  });

  it('runs the retry afresh when the process died before its effect committed, instead of holding the key', async () => {
    const { h, r, organizationId } = await setup();
    const body = { organizationId, customerType: 'brf', users: [{ email: 'styrelsen@avbrott.test' }] };
    await sendToDyingInstance(h, { before: /^insert into "trials"/i }, { key: r.key, path: '/v1/trials', idempotencyKey: 'trial-early-crash', body });

    expect(await h.services.ctx.db.selectFrom('trials').select('id').where('organization_id', '=', organizationId).execute()).toHaveLength(0);
    const retry = await h.call('POST', '/v1/trials', { key: r.key, body, headers: { 'idempotency-key': 'trial-early-crash' } });
    expect(retry.status, JSON.stringify(retry.body)).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    const again = await h.call('POST', '/v1/trials', { key: r.key, body, headers: { 'idempotency-key': 'trial-early-crash' } });
    expect(again.body).toEqual(retry.body);
  });
});
