/**
 * @module The app's caches survive per-request database handles (each request gets its own handle, carrying the request's
 * scope), and belong to the app that built them, not to the process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app/create-app.js';
import { openServices } from '../src/app/services.js';
import { createHarness, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

describe.each(testDialects)('per-store caches on %s', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(dialect);
  });
  afterAll(() => h.close());

  it('serve a later request from what an earlier one looked up', async () => {
    const { key } = await h.reseller();
    expect((await h.call('GET', '/v1/trials', { key })).status).toBe(200);
    // Behind the cache's back, the key no longer matches any row: only the cached lookup can still accept it.
    await h.services.ctx.db.updateTable('api_keys').set({ key_hash: 'changed-behind-the-cache' }).where('key_prefix', '=', key.slice(0, 12)).execute();
    expect((await h.call('GET', '/v1/trials', { key })).status).toBe(200);
    expect((await h.call('GET', '/v1/organizations', { key })).status).toBe(200);
  });

  it('belong to the app that built them: another app on the same store, in the same process, looks the key up itself', async () => {
    const { key } = await h.reseller();
    const other = await openServices(h.config, { clock: h.clock });
    try {
      const otherApp = createApp({ ctx: other.ctx });
      const viaOther = () => otherApp.request('/v1/trials', { headers: { authorization: `Bearer ${key}` } });
      expect((await h.call('GET', '/v1/trials', { key })).status).toBe(200);
      await h.services.ctx.db.updateTable('api_keys').set({ key_hash: 'changed-behind-both-caches' }).where('key_prefix', '=', key.slice(0, 12)).execute();
      expect((await h.call('GET', '/v1/trials', { key })).status).toBe(200);
      expect((await viaOther()).status).toBe(401);
    } finally {
      await other.ctx.planFiles.close();
      await other.store.destroy();
    }
  });
});
