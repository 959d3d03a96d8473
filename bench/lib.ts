/** @module Bench plumbing: child processes on 127.0.0.1, autocannon runs, and the figures table. */
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_CLI, tsNode } from '@resellerkit/dev-env/processes';
import autocannon from 'autocannon';
import pg from 'pg';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** SIGTERM, then SIGKILL if it has not exited within 5 s. */
function stopChild(proc: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (proc.exitCode !== null) return resolve();
    proc.on('exit', () => resolve());
    proc.kill('SIGTERM');
    setTimeout(() => proc.kill('SIGKILL'), 5000).unref();
  });
}

/**
 * Production requires a secret key. One per bench run, shared by every process it starts: processes that take turns
 * on one store must open what the others sealed.
 */
export const SECRET_KEY = randomBytes(32).toString('base64');

export interface Child {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a TypeScript entry point as its own process and waits for its "listening on" line. */
export async function startChild(entry: string, args: string[], env: Record<string, string> = {}): Promise<Child> {
  const proc = spawn(process.execPath, [...tsNode(entry), ...args], { env: { ...process.env, PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'production', RESELLERKIT_SECRET_KEY: SECRET_KEY, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} did not start: ${out}`)), 60_000);
    proc.stdout!.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.on('exit', () => reject(new Error(`${entry} exited: ${out}`)));
  });
  return {
    url,
    proc,
    stop: () => stopChild(proc),
  };
}

/** A `resellerkit worker` process; it prints no URL, so it is ready once it says it runs. */
export async function startWorker(env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, [...tsNode(SERVER_CLI), 'worker'], { env: { ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'production', RESELLERKIT_SECRET_KEY: SECRET_KEY, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('worker running')) resolve();
    });
    proc.on('exit', () => reject(new Error(`worker exited: ${out}`)));
  });
  return {
    url: '',
    proc,
    stop: () => stopChild(proc),
  };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(opts: autocannon.Options): Promise<LoadResult> {
  const r = await autocannon({ connections: 32, duration: 5, ...opts });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export interface Row {
  benchmark: string;
  store: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  /** null: a figure shown for context, with no target of its own. */
  ok: boolean | null;
}

export interface Comparison {
  /** Each side's median round, with the errors and non-2xx answers of all its rounds. */
  baseline: LoadResult;
  subject: LoadResult;
  /** The median of the rounds' own ratios (subject over the baseline round just before it). */
  ratio: number;
}

/**
 * Runs baseline and subject in alternating rounds, after a warm-up round each. The ratio is the median of each round
 * pair's ratio: this VM's speed drifts over tens of seconds (the same echo server measured 21 000 and 33 000 req/s in
 * different runs), and a subject round compared with the baseline round just before it sees the same drift.
 */
export async function alternate(baseline: () => Promise<LoadResult>, subject: () => Promise<LoadResult>, rounds = 5): Promise<Comparison> {
  const b: LoadResult[] = [];
  const s: LoadResult[] = [];
  // One unmeasured round each first: a freshly started process spends its first seconds compiling hot paths.
  await baseline();
  await subject();
  for (let i = 0; i < rounds; i++) {
    b.push(await baseline());
    s.push(await subject());
  }
  const median = (xs: LoadResult[]) => [...xs].sort((x, y) => x.rps - y.rps)[Math.floor(xs.length / 2)]!;
  const total = (xs: LoadResult[], k: 'errors' | 'non2xx') => xs.reduce((n, x) => n + x[k], 0);
  return {
    baseline: { ...median(b), errors: total(b, 'errors'), non2xx: total(b, 'non2xx') },
    subject: { ...median(s), errors: total(s, 'errors'), non2xx: total(s, 'non2xx') },
    ratio: medianOf(s.map((x, i) => x.rps / b[i]!.rps)),
  };
}

export function medianOf(xs: number[]): number {
  const sorted = [...xs].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const PG_ADMIN = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs `fn` on a PostgreSQL database created for it on the server at `BENCH_DATABASE_URL` and dropped after; null if the server is not reachable. */
export async function withPostgres<T>(fn: (url: string) => Promise<T>): Promise<T | null> {
  const name = `rk_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  try {
    await admin.connect();
  } catch {
    console.warn(`PostgreSQL not reachable at ${PG_ADMIN}: skipping its figures.`);
    return null;
  }
  await admin.query(`create database ${name}`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
