/**
 * @module CPU per created trial on PostgreSQL: the `serve --no-workers` process's and its database backends' CPU time
 * (from /proc, so Linux only) over rounds of 2 000 POST /v1/trials at 32 connections, after 1 000 unmeasured. On a
 * machine too busy for req/s figures this still compares two versions of the write path: the waits of a loaded machine
 * do not count, only the work. `npx tsx --conditions=@resellerkit/source bench/trials-cpu.ts [rounds]`
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { SERVER_CLI } from '@resellerkit/dev-env/processes';
import { seed } from './api.js';
import { load, medianOf, ROOT, startChild, withPostgres } from './lib.js';

const ROUND = 2000;
const rounds = Number(process.argv[2] ?? 3);

/** CPU time of a process in µs (user + system; 100 ticks a second). */
function cpuMicros(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10_000;
  } catch {
    return 0; // a backend that ended meanwhile
  }
}

await withPostgres(async (url) => {
  const receiver = await startChild(join(ROOT, 'bench/baseline-server.ts'), ['echo']);
  const { key, orgIds } = await seed(url, `${receiver.url}/webhooks`);
  const ours = await startChild(SERVER_CLI, ['serve', '--no-workers'], { DATABASE_URL: url, RATE_LIMIT: '0', WEBHOOK_ALLOW_PRIVATE: 'true' });
  const probe = new pg.Client({ connectionString: url });
  await probe.connect();
  let next = 0;
  const body = () => JSON.stringify({ organizationId: orgIds[next++ % orgIds.length], customerType: 'brf', users: [{ email: 'styrelsen@last.test' }, { email: 'kassor@last.test', role: 'reader' }] });
  const post = (amount: number) => load({ url: `${ours.url}/v1/trials`, method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, amount, requests: [{ setupRequest: (req: object) => ({ ...req, body: body() }) }] });
  try {
    await post(1000);
    const node: number[] = [];
    const database: number[] = [];
    for (let i = 0; i < rounds; i++) {
      // The pool's backends, the probe's own excluded; the pool keeps them while it is busy.
      const pids = (await probe.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')).rows.map((r) => r.pid);
      const n0 = cpuMicros(ours.proc.pid!);
      const p0 = pids.map(cpuMicros);
      const res = await post(ROUND);
      if (res.non2xx || res.errors) throw new Error(`${res.non2xx} non-2xx answers, ${res.errors} errors`);
      node.push((cpuMicros(ours.proc.pid!) - n0) / ROUND);
      database.push(pids.reduce((sum, pid, j) => sum + cpuMicros(pid) - p0[j]!, 0) / ROUND);
    }
    const list = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
    console.log(`CPU per created trial (µs), ${rounds} rounds of ${ROUND}: serve process ${list(node)} (median ${medianOf(node).toFixed(0)}); PostgreSQL backends ${list(database)} (median ${medianOf(database).toFixed(0)})`);
  } finally {
    await probe.end();
    await ours.stop();
    await receiver.stop();
  }
});
