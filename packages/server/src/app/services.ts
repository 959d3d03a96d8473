/** @module Opens the store, migrates it, builds the AppContext (context.ts) and prepares the signing keys. */
import { prepareSigningKeys } from '../auth/signing-keys.js';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { openStore, type Store } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { createPlanFileReader, DEFAULT_POOL } from '../modules/plans/import/plan-file-reader.js';
import { createAppContext, type Ctx } from './context.js';

export interface Services {
  store: Store;
  ctx: Ctx;
}

export async function openServices(config: Config, opts: { clock?: Clock; poolSize?: number } = {}): Promise<Services> {
  const store = openStore(config.DATABASE_URL, { poolSize: opts.poolSize });
  await migrate(store);
  const planFiles = createPlanFileReader({ timeoutMs: config.PLAN_IMPORT_TIMEOUT_MS, memoryMb: config.PLAN_IMPORT_MEMORY_MB, ...DEFAULT_POOL });
  const ctx = createAppContext(store, config, opts.clock ?? systemClock, planFiles);
  try {
    await prepareSigningKeys(ctx);
  } catch (e) {
    await planFiles.close();
    await store.destroy();
    throw e;
  }
  return { store, ctx };
}
