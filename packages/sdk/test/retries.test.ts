/**
 * @module Retries against the real service: a 409 state conflict is final, sent once. (The one transient 409, type
 * idempotency_in_progress, is retried; the SDK's unit tests answer it with msw, as the server gives it only in a
 * race it cannot be made to lose on purpose.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.js';
import { startServer, type RunningServer } from '../../server/src/app/server.js';
import { TEST_ADMIN_KEY, TEST_PDF } from '@resellerkit/dev-env/harness';
import { createTestStore } from '@resellerkit/dev-env/stores';
import { ConflictError, ResellerKit } from '../src/index.js';

describe('retries against the real service', () => {
  let server: RunningServer;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const store = await createTestStore('sqlite');
    drop = store.drop;
    const config = loadConfig({ DATABASE_URL: store.url, PORT: '0', RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
    server = await startServer({ config, workers: false });
  });
  afterAll(async () => {
    await server?.close();
    await drop?.();
  });

  /** A client over the real fetch that records each attempt's status. */
  function recording(apiKey: string) {
    const statuses: number[] = [];
    const rk = new ResellerKit({
      apiKey,
      baseUrl: server.url,
      maxRetries: 5,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        statuses.push(res.status);
        return res;
      },
    });
    return { rk, statuses };
  }

  it('sends a state conflict once and throws ConflictError', async () => {
    const admin = new ResellerKit({ apiKey: TEST_ADMIN_KEY, baseUrl: server.url });
    const reseller = await admin.admin.resellers.create({ name: 'Konflikt AB', orgNumber: '556677-8899', contactEmail: 'k@konflikt.test', discountPercent: 10 });
    const { key } = await admin.admin.resellers.createApiKey(reseller.id, { name: 'k' });
    const licence = await admin.admin.licences.create({ name: 'Bas', customerType: 'brf', annualPrice: { amount: 100_000, currency: 'SEK' } });
    const rk0 = new ResellerKit({ apiKey: key, baseUrl: server.url });
    const org = await rk0.organizations.create({ name: 'Brf Konflikt' });
    const trial = await rk0.trials.create({ organizationId: org.id, customerType: 'brf', users: [{ email: 'a@konflikt.test' }] });
    const order = await rk0.orders.create(trial.id, {
      licenceId: licence.id,
      invoicing: { name: 'Brf Konflikt', orgNumber: '769600-1234', email: 'f@konflikt.test' },
      signer: { name: 'Eva Ek', email: 'eva@konflikt.test' },
    });
    await rk0.orders.attachAgreement(order.id, TEST_PDF);
    await rk0.orders.submit(order.id);
    const orderId = order.id;
    await admin.admin.orders.approve(orderId);
    const { rk, statuses } = recording(TEST_ADMIN_KEY);
    const err = await rk.admin.orders.approve(orderId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).type).toBe('conflict');
    expect(statuses).toEqual([409]);
  });
});
