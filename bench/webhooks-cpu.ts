/**
 * @module CPU per webhook event, for before/after comparisons on a busy machine: the end-to-end run and the worker-alone
 * run of bench/webhooks.ts, each measured in this process's CPU time (user + system) per event rather than wall time,
 * beside the raw POST loop's CPU per POST. `npx tsx bench/webhooks-cpu.ts [rounds] [e2e|alone]`. PROFILE=file.cpuprofile
 * writes a V8 profile of the measured rounds; CALLGRIND=1 under callgrind counts their instructions; DROP_INDEXES=a,b
 * drops those indexes first, to price them. Instruction counts of the worker-alone part include V8 compiling the new
 * worker's code, so compare them only over many rounds. `DATABASE_URL=postgres://…/db` (an empty database) runs it on
 * PostgreSQL instead of a SQLite file, and adds the CPU its server processes for that database spent per event (Linux).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { join } from 'node:path';
import { loadConfig } from '../packages/server/src/config.js';
import type { Actor } from '../packages/server/src/app/context.js';
import { createReseller } from '../packages/server/src/modules/vendor/service.js';
import { openServices } from '../packages/server/src/app/services.js';
import { createEndpoint } from '../packages/server/src/webhooks/endpoints/service.js';
import { startWebhookWorker } from '../packages/server/src/webhooks/delivery/worker.js';
import { drainRate, endToEnd, rawLoop, receiver, EVENTS } from './webhooks.js';
import { medianOf, SECRET_KEY } from './lib.js';

const elu: Record<string, number[]> = { raw: [], e2e: [], alone: [] };
const databaseUrl = process.env.DATABASE_URL;
const database = databaseUrl?.startsWith('postgres') ? new URL(databaseUrl).pathname.slice(1) : undefined;
/** PostgreSQL: µs of CPU its backends for `database` have used (from /proc), or 0 on SQLite. */
function backendsMicros(): number {
  if (!database) return 0;
  let sum = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `)) continue;
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      sum += (Number(f[11]) + Number(f[12])) * 10_000; // user + system, 100 ticks a second
    } catch {
      // a backend that ended meanwhile
    }
  }
  return sum;
}
const backends: Record<string, number[]> = { raw: [], e2e: [], alone: [] };
/** Under `valgrind --tool=callgrind --instr-atstart=no`, CALLGRIND=1 counts instructions of the measured parts only. */
const callgrind = (on: boolean) => process.env.CALLGRIND && execFileSync('callgrind_control', ['-i', on ? 'on' : 'off', String(process.pid)]);
const cpuMicros = async (kind: string, fn: () => Promise<unknown>) => {
  callgrind(true);
  const server = backendsMicros();
  const before = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  await fn();
  callgrind(false);
  elu[kind]!.push(performance.eventLoopUtilization(loop).utilization);
  backends[kind]!.push((backendsMicros() - server) / EVENTS);
  const d = process.cpuUsage(before);
  return (d.user + d.system) / EVENTS;
};

const rounds = Number(process.argv[2] ?? 9);
/** `e2e` or `alone` runs only that part (for a profile of it). */
const only = process.argv[3];
const tmp = mkdtempSync(join(tmpdir(), 'rk-bench-cpu-'));
const rx = await receiver();
const s = await openServices(loadConfig({ DATABASE_URL: databaseUrl ?? join(tmp, 'bench.db'), WEBHOOK_ALLOW_PRIVATE: 'true', NODE_ENV: 'production', RESELLERKIT_SECRET_KEY: SECRET_KEY }));
for (const index of (process.env.DROP_INDEXES ?? '').split(',').filter(Boolean)) await sql`drop index ${sql.id(index)}`.execute(s.ctx.db);
let worker = startWebhookWorker(s);
try {
  const reseller = await createReseller(s.ctx, { name: 'Bench AB', orgNumber: '556677-8899', contactEmail: 'bench@bench.test', discountPercent: 20 });
  const actor: Actor = { kind: 'reseller', resellerId: reseller.id, credentialId: 'bench' };
  await createEndpoint(s.ctx, actor, { url: rx.url });
  for (let i = 0; i < 3; i++) await rawLoop(rx.url), await endToEnd(s, reseller.id, rx); // warm up
  // PROFILE=file.cpuprofile: a V8 profile of the measured rounds only (not start-up, migrations, warm-up).
  const session = process.env.PROFILE ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const raw: number[] = [];
  const e2e: number[] = [];
  const alone: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (!only) raw.push(await cpuMicros('raw', () => rawLoop(rx.url)));
    if (only !== 'alone') e2e.push(await cpuMicros('e2e', () => endToEnd(s, reseller.id, rx)));
    if (only === 'e2e') continue;
    let server = 0;
    const drain = await drainRate(s, worker, reseller.id, rx, (on) => {
      callgrind(on);
      if (on) server = backendsMicros();
      else backends.alone!.push((backendsMicros() - server) / EVENTS);
    });
    elu.alone!.push(drain.elu);
    worker = drain.worker;
    alone.push(drain.cpu / EVENTS);
  }
  if (session) writeFileSync(process.env.PROFILE!, JSON.stringify((await session.post('Profiler.stop')).profile));
  const m = (a: number[]) => (a.length ? medianOf(a).toFixed(1) : '-');
  if (database) console.log(`PostgreSQL backends' CPU µs per event, median of ${rounds}: raw POST ${m(backends.raw!)}, end to end ${m(backends.e2e!)}, worker alone ${m(backends.alone!)}`);
  console.log(`CPU µs per event, median of ${rounds}: raw POST ${m(raw)}, end to end ${m(e2e)}, worker alone ${m(alone)}; event-loop utilization ${Object.entries(elu).map(([k, v]) => `${k} ${v.length ? medianOf(v).toFixed(2) : '-'}`).join(', ')}`);
} finally {
  await worker.stop();
  await s.store.destroy();
  await rx.close();
  rmSync(tmp, { recursive: true, force: true });
}
