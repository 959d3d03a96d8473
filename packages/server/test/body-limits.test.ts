/**
 * @module Body limits over a real server process: a chunked body that never ends, or ends far beyond its limit, is
 * answered (413, or 415 for a type the route never takes) once the limit is crossed, before authentication, with the
 * server's memory bounded — whatever the content type and path.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_BYTES, MAX_UPLOAD_BYTES } from '../src/contract/limits.js';
import { TEST_ADMIN_KEY } from '@resellerkit/dev-env/harness';
import { spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';

const MB = 1024 * 1024;
/** What the client is willing to send: far beyond every limit. A server that buffers it all answers only after this. */
const CAP = 96 * MB;
/** Bytes in flight between client and server (socket buffers) on top of what the server reads. */
const SLACK = 16 * MB;

interface Outcome {
  status: number;
  body: { error?: { type: string; message: string } };
  /** How much the client had sent when the answer arrived. */
  sentBeforeAnswer: number;
}

/** Streams `first` and then `fill` chunks (Transfer-Encoding: chunked) until the server answers or CAP is reached. */
function sendEndless(url: string, method: string, path: string, headers: Record<string, string>, first = ''): Promise<Outcome> {
  const fill = Buffer.alloc(64 * 1024, 'a');
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, headers: { ...headers, 'transfer-encoding': 'chunked' } });
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : {}, sentBeforeAnswer });
      });
    });
    req.on('error', (e) => {
      if (!answered) reject(e);
    });
    const pump = () => {
      while (!answered && sent < CAP) {
        const chunk = sent === 0 && first ? Buffer.from(first) : fill;
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

/** Resident memory of a process, from /proc (Linux). */
function rss(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

describe('request bodies over a real server process', () => {
  let dir: string;
  let server: ServiceProcess;
  let key: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rk-bodies-'));
    server = await spawnService('serve', { DATABASE_URL: join(dir, 'bodies.db'), RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY, NODE_ENV: 'test' }, ['--no-workers']);
    const post = async (path: string, body: unknown) =>
      (await fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<any>;
    const reseller = await post('/v1/admin/resellers', { name: 'Gränser AB', orgNumber: '556677-8899', contactEmail: 'p@granser.test', discountPercent: 10 });
    key = (await post(`/v1/admin/resellers/${reseller.id}/api-keys`, { name: 'k' })).key;
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: { name: string; method: string; path: string; headers: () => Record<string, string>; first?: string; status: number; limit: number }[] = [
    { name: 'anonymous JSON that never ends', method: 'POST', path: '/v1/organizations', headers: () => ({ 'content-type': 'application/json' }), first: '{"name":"', status: 413, limit: MAX_JSON_BYTES },
    { name: 'JSON to an upload path (read by the NUL guard)', method: 'POST', path: '/v1/organizations/org_x/plan/import', headers: () => ({ 'content-type': 'application/json' }), first: '{"x":"', status: 413, limit: MAX_JSON_BYTES },
    { name: 'a body of a type the route never takes', method: 'POST', path: '/v1/orders/ord_x/submit', headers: () => ({ 'content-type': 'text/plain' }), status: 415, limit: 0 },
    { name: 'an agreement upload with a valid key', method: 'PUT', path: '/v1/orders/ord_x/agreement', headers: () => ({ 'content-type': 'application/pdf', authorization: `Bearer ${key}` }), first: '%PDF-1.4\n', status: 413, limit: MAX_UPLOAD_BYTES },
    { name: 'a plan import with a valid key and an Idempotency-Key', method: 'POST', path: '/v1/organizations/org_x/plan/import', headers: () => ({ 'content-type': 'text/csv', authorization: `Bearer ${key}`, 'idempotency-key': 'endless-1' }), status: 413, limit: MAX_UPLOAD_BYTES },
  ];

  for (const c of cases) {
    it(`answers ${c.status} to ${c.name} once the limit is crossed, with memory bounded`, async () => {
      const before = rss(server.child.pid!);
      const out = await sendEndless(server.url, c.method, c.path, c.headers(), c.first);
      const grown = rss(server.child.pid!) - before;
      expect(out.status).toBe(c.status);
      expect(out.body.error?.type).toBe(c.status === 413 ? 'payload_too_large' : 'unsupported_media_type');
      expect(out.sentBeforeAnswer).toBeLessThan(c.limit + SLACK);
      // What a reader may hold at the limit (an upload and its copy), never what the client sent.
      expect(grown).toBeLessThan(SLACK + 2 * c.limit);
    });
  }

  it('still serves the next request on a fresh connection', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
