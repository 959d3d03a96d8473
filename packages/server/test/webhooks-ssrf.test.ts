/** @module SSRF: without WEBHOOK_ALLOW_PRIVATE, private addresses are refused at creation (literals) and at connect time (names, stored URLs). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';
import { isForbiddenAddress } from '../src/webhooks/ssrf.js';
import { createWebhookWorker } from '../src/webhooks/delivery/worker.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';

describe('isForbiddenAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.20.30.40', true],
    ['172.16.5.4', true],
    ['192.168.1.1', true],
    ['100.64.0.1', true],
    ['169.254.169.254', true],
    ['0.0.0.0', true],
    ['224.0.0.251', true],
    ['::1', true],
    ['::', true],
    ['fd12:3456::1', true],
    ['fe80::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:a9fe:a9fe', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['2606:4700:4700::1111', false],
    ['::ffff:8.8.8.8', false],
  ])('%s → %s', (ip, forbidden) => expect(isForbiddenAddress(ip)).toBe(forbidden));
});

describe.each(testDialects)('SSRF protection on %s', (dialect) => {
  let h: Harness;
  let rx: Receiver;
  let r: { id: string; key: string };
  beforeAll(async () => {
    h = await createHarness(dialect); // no WEBHOOK_ALLOW_PRIVATE
    rx = await startReceiver();
    r = await h.reseller();
  });
  afterAll(async () => {
    await rx?.close();
    await h?.close();
  });

  it.each([
    `http://127.0.0.1:PORT/hook`,
    `http://[::ffff:127.0.0.1]:PORT/hook`,
    `http://[::1]:PORT/hook`,
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.7/hook',
    'http://100.64.1.1/hook',
    'ftp://partner.example/hook',
    'file:///etc/passwd',
    'https://user:secret@partner.example/hook',
  ])('refuses %s at creation with a 422 naming url', async (url) => {
    const res = await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: url.replace('PORT', String(rx.port)) } });
    expect(res.status).toBe(422);
    expect(res.body.error.issues[0].path).toEqual(['url']);
  });

  it('refuses a literal private address on update too', async () => {
    const ep = await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: 'https://partner.example/hook' } });
    const res = await h.call('PATCH', `/v1/webhook-endpoints/${ep.body.id}`, { key: r.key, body: { url: 'http://192.168.0.10/' } });
    expect(res.status).toBe(422);
    expect((await h.call('GET', `/v1/webhook-endpoints/${ep.body.id}`, { key: r.key })).body.url).toBe('https://partner.example/hook');
    await h.call('DELETE', `/v1/webhook-endpoints/${ep.body.id}`, { key: r.key });
  });

  it('refuses at connect time a name that resolves to loopback, and a stored IPv4-mapped literal', async () => {
    const named = await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: `http://localhost:${rx.port}/hook` } });
    expect(named.status).toBe(201);
    // An endpoint stored before the rules (or by hand) still cannot reach a mapped loopback address.
    const at = h.clock.now().toISOString();
    await h.services.ctx.db
      .insertInto('webhook_endpoints')
      .values({ id: 'we_mapped', reseller_id: r.id, url: `http://[::ffff:127.0.0.1]:${rx.port}/hook`, description: '', enabled_events: '[]', enabled: 1, secret: 'whsec_c2VjcmV0', signing: 'hmac', created_at: at, updated_at: at })
      .execute();
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Ek' } });
    await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'a@ek.test' }] } });
    const worker = createWebhookWorker(h.services, { timeoutMs: 5000 });
    try {
      expect(await worker.drain()).toBeGreaterThanOrEqual(2);
    } finally {
      await worker.stop();
    }
    expect(rx.received).toHaveLength(0);
    for (const id of [named.body.id, 'we_mapped']) {
      const list = await h.call('GET', `/v1/webhook-endpoints/${id}/deliveries`, { key: r.key });
      expect(list.body.data.length).toBeGreaterThan(0);
      for (const d of list.body.data) {
        expect(d).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null });
        expect(d.attemptLog[0].error).toMatch(/refused to connect/);
      }
    }
  });
});
