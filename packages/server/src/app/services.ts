/** @module Opens the store, migrates it, prepares the signing keys and builds the AppContext from the configuration. */
import { AllowedOrigins } from '../auth/allowed-origins.js';
import { ApiKeyCache } from '../auth/api-key-cache.js';
import { prepareSigningKeys, SigningKeyCache } from '../auth/signing-keys.js';
import { WidgetKeyCache } from '../auth/widget-sessions.js';
import { systemClock, type Clock } from '../clock.js';
import type { Config } from '../config.js';
import { openStore, type Store } from '../db/connect.js';
import { CompiledSql } from '../db/compiled-sql.js';
import { migrate } from '../db/migrate.js';
import { ReadCache } from '../db/sqlite/read-cache.js';
import { WorkDb } from '../db/work-handle.js';
import { auditEvents } from '../modules/audit/service.js';
import { createPlanFileReader, DEFAULT_POOL } from '../modules/plans/import/plan-file-reader.js';
import { WidgetBundleFile } from '../modules/widget-releases/service.js';
import { Outbox } from '../outbox/record.js';
import { webhookFanOut } from '../webhooks/delivery/fan-out.js';
import { DeliveryHandoff } from '../webhooks/delivery/handoff.js';
import { createLogger } from '../logger.js';
import { createTransport } from '../mail/sender.js';
import type { Ctx, Work } from './context.js';

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

/** The AppContext of an open store (a second process's context, in tests, is built the same way). */
export function createAppContext(store: Pick<Store, 'db' | 'dialect' | 'dataVersion'>, config: Config, clock: Clock, planFiles: Ctx['planFiles']): Ctx {
  const handoff = new DeliveryHandoff();
  // The subscribers of every recorded event, in its transaction: deliveries first, then who made the change.
  const outbox = new Outbox();
  outbox.subscribe(webhookFanOut(store.dialect, handoff));
  outbox.subscribe(auditEvents);
  const work: Work = { outbox, compiledSql: new CompiledSql() };
  return {
    db: new WorkDb(store.db, work),
    dialect: store.dialect,
    clock,
    config,
    caches: {
      apiKeys: new ApiKeyCache(),
      origins: new AllowedOrigins(),
      signingKeys: new SigningKeyCache(),
      widgetKeys: new WidgetKeyCache(),
      reads: new ReadCache(store.dataVersion),
      widgetBundle: new WidgetBundleFile(),
    },
    outbox,
    handoff,
    planFiles,
    mailer: createTransport(config.SMTP_URL),
    logger: createLogger(config.LOG_LEVEL),
  };
}
