/** @module Development routes (the mailbox with live invitation links, the demo webhook log, the demo page) exist only with `serve --demo`. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';
import { TEST_ADMIN_KEY } from '@resellerkit/dev-env/harness';

const DEV_PATHS = ['/dev/mail', '/dev/mail.json', '/dev/webhooks', '/dev/webhooks.json'];

describe('resellerkit serve without --demo and without NODE_ENV', () => {
  let dir: string;
  let server: ServiceProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rk-devroutes-'));
    // NODE_ENV unset, as on a server where nobody thought of it: the default is development.
    server = await spawnService('serve', { DATABASE_URL: join(dir, 'plain.db'), RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY, NODE_ENV: undefined }, ['--no-workers']);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('mounts no development route: the mailbox, the webhook log and the demo session endpoint are 404', async () => {
    for (const path of DEV_PATHS) expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    expect((await fetch(`${server.url}/dev/webhooks/receive`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${server.url}/demo/widget-session`, { method: 'POST' })).status).toBe(404);
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).not.toContain('<resellerkit-portal');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe('resellerkit serve --demo', () => {
  let dir: string;
  let server: ServiceProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rk-devroutes-demo-'));
    server = await spawnService('serve', { DATABASE_URL: join(dir, 'demo.db'), NODE_ENV: undefined, RESELLERKIT_ADMIN_KEY: undefined }, ['--demo', '--no-workers']);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('mounts the development routes', async () => {
    for (const path of DEV_PATHS) expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);
    expect(await (await fetch(`${server.url}/`)).text()).toContain('<resellerkit-portal');
  });

  it('shows each seeded mail\'s HTML from its own URL under the mail policy, branded for the demo\'s vendor', async () => {
    const { data } = (await (await fetch(`${server.url}/dev/mail.json`)).json()) as { data: { id: string; subject: string; html: string | null }[] };
    const invitation = data.find((m) => m.html && m.subject.startsWith('Välkommen till Planima'));
    expect(invitation).toBeDefined();
    const res = await fetch(`${server.url}/dev/mail/${invitation!.id}.html`);
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; img-src https: data:; style-src 'unsafe-inline'/);
    expect(await res.text()).toBe(invitation!.html);
    expect(await (await fetch(`${server.url}/dev/mail`)).text()).toContain(`src="/dev/mail/${invitation!.id}.html"`);
  });

  it('is refused in production', async () => {
    const outcome = await spawnService('serve', { DATABASE_URL: join(dir, 'prod.db'), NODE_ENV: 'production', RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY }, ['--demo']).then(
      async (started) => (await started.stop(), 'started'),
      (e: Error) => e.message,
    );
    expect(outcome).toMatch(/--demo is refused when NODE_ENV=production/);
  });
});
