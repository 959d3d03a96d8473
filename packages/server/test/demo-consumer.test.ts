import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RESELLER_KEY } from '../src/demo/seed.js';
import { freePort, spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';

describe('the built-in demo webhook consumer of serve --demo', () => {
  let dir: string;
  let server: ServiceProcess;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rk-demo-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = await spawnService('serve', { DATABASE_URL: join(dir, 'demo.db'), PORT: String(port), PUBLIC_URL: base, NODE_ENV: 'development' }, ['--demo']);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const log = async () => ((await (await fetch(`${base}/dev/webhooks.json`)).json()) as { data: { type: string; verified: boolean; id: string; body: string }[] }).data;

  it('receives the demo reseller’s signed events, verifies them and shows them at /dev/webhooks', async () => {
    // The seed's own events arrive first.
    for (let i = 0; i < 100 && !(await log()).some((e) => e.type === 'customer.created'); i++) await new Promise((r) => setTimeout(r, 100));
    expect((await log()).some((e) => e.type === 'customer.created' && e.verified)).toBe(true);

    const auth = { authorization: `Bearer ${DEMO_RESELLER_KEY}`, 'content-type': 'application/json' };
    const org = (await (await fetch(`${base}/v1/organizations`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Brf Webhook' }) })).json()) as { id: string };
    const trial = (await (await fetch(`${base}/v1/trials`, { method: 'POST', headers: auth, body: JSON.stringify({ organizationId: org.id, customerType: 'brf', users: [{ email: 'a@webhook.test' }] }) })).json()) as { id: string };
    expect(trial.id).toMatch(/^trial_/);
    // Its own trial's event, not just the seed's three.
    const ours = async () => (await log()).filter((e) => e.type === 'trial.created' && JSON.parse(e.body).data.id === trial.id);
    for (let i = 0; i < 100 && (await ours()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await ours()).toHaveLength(1);
    const created = (await log()).filter((e) => e.type === 'trial.created');
    expect(created.length).toBe(4);
    expect(created.every((e) => e.verified)).toBe(true);

    // A forged delivery is refused and shown as such.
    const forged = await fetch(`${base}/dev/webhooks/receive`, {
      method: 'POST',
      headers: { 'webhook-id': 'msg_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA', 'content-type': 'application/json' },
      body: '{"type":"order.approved"}',
    });
    expect(forged.status).toBe(400);
    expect((await log()).find((e) => e.id === 'msg_forged')?.verified).toBe(false);
    const page = await (await fetch(`${base}/dev/webhooks`)).text();
    expect(page).toContain('Webhook-logg');
    expect(page).toContain('trial.created');
  });
});
