/** @module A plan import in a real `resellerkit serve` process: its file is read off the event loop, so /healthz answers meanwhile. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_BYTES } from '../src/contract/limits.js';
import { TEST_ADMIN_KEY } from '@resellerkit/dev-env/harness';
import { spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';
import { createTestStore, type TestStore } from '@resellerkit/dev-env/stores';
import { csv, csvRow } from './plans-fixtures.js';

async function call(base: string, method: string, path: string, key: string, body: unknown) {
  const res = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await res.json()) as any;
}

/** Posts a file; `sent` resolves once the whole body has been handed to the socket, `answered` with the response. */
function postFile(base: string, path: string, key: string, body: Buffer) {
  const { port } = new URL(base);
  const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, agent: false, headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv', 'content-length': body.length } });
  const sent = new Promise<void>((resolve) => req.once('finish', resolve));
  const answered = new Promise<{ status: number; body: any }>((resolve, reject) => {
    req.once('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.once('error', reject);
  });
  req.end(body);
  return { sent, answered };
}

describe('a plan import in a real server process', () => {
  let store: TestStore;
  let service: ServiceProcess | undefined;
  beforeAll(async () => {
    store = await createTestStore('sqlite');
    service = await spawnService('serve', { DATABASE_URL: store.url, RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY });
  });
  afterAll(async () => {
    // SIGKILL: a server holding its event loop would never act on SIGTERM.
    await service?.stop('SIGKILL');
    await store?.drop();
  });

  it('answers /healthz while a 10 MB file is read, before the import answers', async () => {
    const base = service!.url;
    const reseller = await call(base, 'POST', '/v1/admin/resellers', TEST_ADMIN_KEY, { name: 'Plan AB', orgNumber: '556677-8899', contactEmail: 'plan@reseller.test', discountPercent: 20 });
    const { key } = await call(base, 'POST', `/v1/admin/resellers/${reseller.id}/api-keys`, TEST_ADMIN_KEY, { name: 'test' });
    const org = await call(base, 'POST', '/v1/organizations', key, { name: 'Brf Solrosen' });

    // 20 000 rows, one of them with an amount of half a million spaces (hours of backtracking for a pattern like /\s*kr$/).
    const rows = Array.from({ length: 19_999 }, (_, i) => csvRow({ Åtgärd: `Omfogning ${i} `.padEnd(420, 'x') }));
    const body = csv(csvRow({ Styckpris: `1${' '.repeat(500_000)}x` }), ...rows);
    expect(body.length).toBeGreaterThan(9 * 1024 * 1024);
    expect(body.length).toBeLessThanOrEqual(MAX_UPLOAD_BYTES);

    const order: string[] = [];
    const upload = postFile(base, `/v1/organizations/${org.id}/plan/import`, key, body);
    const imported = upload.answered.then((res) => (order.push('import'), res));
    await upload.sent;
    const health = await fetch(`${base}/healthz`);
    order.push('healthz');
    expect(health.status).toBe(200);

    const res = await imported;
    expect(order).toEqual(['healthz', 'import']);
    expect(res.status).toBe(422);
    expect(res.body.error.issues).toEqual([{ row: 2, column: 'Styckpris', message: 'Styckpris måste vara ett belopp i kronor, t.ex. 1 234,50.' }]);
  });
});
