/**
 * @module examples/reseller-backend/README.md's setup block, run as written against `resellerkit serve --demo`: afterwards
 * the demo reseller may mint widget sessions for the partner page's origin and its webhook endpoint is registered.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ResellerKit } from '@resellerkit/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RESELLER_KEY } from '../../../packages/server/src/demo/seed.js';
import { freePort, spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';

const README = fileURLToPath(new URL('../README.md', import.meta.url));

/** The block the README marks as run by this test. */
function setupBlock(): string {
  const m = /<!-- tested: examples\/reseller-backend\/test\/readme\.test\.ts -->\n```sh\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'));
  if (!m) throw new Error('examples/reseller-backend/README.md has no block marked as tested by this file');
  return m[1]!;
}

describe('examples/reseller-backend/README.md against the demo service', () => {
  let dir: string;
  let service: ServiceProcess;
  let base: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rk-example-readme-'));
    const port = await freePort();
    base = `http://localhost:${port}`;
    // An empty admin key means the demo's well-known keys, as on a fresh machine.
    service = await spawnService('serve', { PORT: String(port), DATABASE_URL: join(dir, 'demo.db'), NODE_ENV: 'development', WEBHOOK_ALLOW_PRIVATE: 'true', RESELLERKIT_ADMIN_KEY: '' }, ['--demo']);
  }, 90_000);

  afterAll(async () => {
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('allows the partner page origin and registers the webhook endpoint, printing its secret', async () => {
    const script = `set -euo pipefail\n${setupBlock()}`;
    const printed = execFileSync('bash', ['-c', script], { cwd: dir, env: { ...process.env, BASE: base }, encoding: 'utf8', timeout: 60_000 });
    expect(printed).toMatch(/^\[.*"http:\/\/localhost:3000".*\]$/m);
    expect(printed).toMatch(/^WEBHOOK_SECRET=whsec_[A-Za-z0-9+/]+=*$/m);

    const rk = new ResellerKit({ apiKey: DEMO_RESELLER_KEY, baseUrl: base });
    const session = await rk.widgetSessions.create({ origin: 'http://localhost:3000' });
    expect(session.token.split('.')).toHaveLength(3);
    const endpoints = (await rk.webhookEndpoints.list()).data;
    expect(endpoints.map((e) => e.url)).toContain('http://localhost:3001/webhooks');
  });
});
