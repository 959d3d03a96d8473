/** The demo follows the address it runs on: a store seeded on one port serves a working portal on the next. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/demo/seed.js';
import { getResellerRow, updateReseller } from '../src/modules/vendor/service.js';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

describe.each(testDialects)('demo origins (%s)', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect, { env: { NODE_ENV: 'development' }, demo: true });
  });
  afterAll(() => h.close());

  const allowed = async (id: string) => JSON.parse((await getResellerRow(h.services.ctx, id)).allowed_origins) as string[];
  const demoSession = (origin: string) => h.call('POST', '/demo/widget-session', { headers: { origin } });

  it('adds the origins of each start to the demo reseller, keeping the ones added by hand', async () => {
    const first = await seedDemo(h.services.ctx, { origins: ['http://localhost:8787', 'http://127.0.0.1:8787'] });
    expect(first.seeded).toBe(true);
    await updateReseller(h.services.ctx, first.resellerId, { allowedOrigins: [...(await allowed(first.resellerId)), 'http://localhost:3000'] });
    expect((await demoSession('http://127.0.0.1:8811')).body.error.code).toBe('origin_not_allowed');

    const again = await seedDemo(h.services.ctx, { origins: ['http://localhost:8811', 'http://127.0.0.1:8811', 'http://localhost:8811'] });
    expect(again).toEqual({ seeded: false, resellerId: first.resellerId });
    expect(await allowed(first.resellerId)).toEqual(['http://localhost:8787', 'http://127.0.0.1:8787', 'http://localhost:3000', 'http://localhost:8811', 'http://127.0.0.1:8811']);
    expect((await demoSession('http://127.0.0.1:8811')).status).toBe(201);

    // Seeding without origins (a test seeding its own data) leaves them alone; a long history keeps the newest.
    await seedDemo(h.services.ctx);
    expect(await allowed(first.resellerId)).toHaveLength(5);
    for (let port = 9000; port < 9020; port++) await seedDemo(h.services.ctx, { origins: [`http://localhost:${port}`] });
    const kept = await allowed(first.resellerId);
    expect(kept).toHaveLength(20);
    expect(kept.at(-1)).toBe('http://localhost:9019');
  });
});
