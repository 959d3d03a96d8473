/** @module Opens the store, migrates it, prepares the signing keys and assembles the domain context from the configuration. */
import { prepareSigningKeys } from './auth/signing-keys.js';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { openStore, type Store } from './db/connect.js';
import { migrate } from './db/migrate.js';
import type { Ctx } from './domain/context.js';

export interface Services {
  store: Store;
  ctx: Ctx;
}

export async function openServices(config: Config, opts: { clock?: Clock; poolSize?: number } = {}): Promise<Services> {
  const store = openStore(config.DATABASE_URL, { poolSize: opts.poolSize });
  await migrate(store);
  const ctx: Ctx = { db: store.db, dialect: store.dialect, dataVersion: store.dataVersion, clock: opts.clock ?? systemClock, config };
  try {
    await prepareSigningKeys(ctx);
  } catch (e) {
    await store.destroy();
    throw e;
  }
  return { store, ctx };
}
