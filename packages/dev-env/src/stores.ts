/** @module Throwaway stores for tests: a temp SQLite file always, a fresh PostgreSQL database when TEST_DATABASE_URL is set. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type TestDialect = 'sqlite' | 'postgres';

/** The dialects this run covers: `describe.each(testDialects)`. */
export const testDialects: TestDialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestStore {
  url: string;
  drop(): Promise<void>;
}

export async function createTestStore(dialect: TestDialect): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'rk-test-'));
    return { url: join(dir, 'test.db'), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set');
  const name = `rk_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * The SQL texts every node-postgres client of this process sends while `fn` runs (`sent` grows as they go), to count
 * a code path's round trips, and beside each its prepared statement's name (`names`; undefined when sent unnamed).
 * Patches the client's prototype meanwhile: only for tests that run one at a time.
 */
export async function statementsSentDuring<T>(fn: (sent: readonly string[]) => Promise<T>): Promise<{ result: T; sent: string[]; names: (string | undefined)[] }> {
  const sent: string[] = [];
  const names: (string | undefined)[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text: string; name?: string };
    sent.push(typeof q === 'string' ? q : q.text);
    names.push(typeof q === 'string' ? undefined : q.name);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    return { result: await fn(sent), sent, names };
  } finally {
    pg.Client.prototype.query = query;
  }
}
