/**
 * @module The AppContext: everything an operation receives, built once at start (createAppContext) and passed down.
 * What lives longer than a request lives here: the store and its dialect, the clock, the configuration, the caches,
 * the outbox with its subscribers, the hand-off to this app's webhook worker, the mailer, the logger and the abuse
 * limits. Nothing of it
 * is module-level state.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Transporter } from 'nodemailer';
import { AllowedOrigins } from '../auth/allowed-origins.js';
import { ApiKeyCache } from '../auth/api-key-cache.js';
import { SigningKeyCache } from '../auth/signing-keys.js';
import { WidgetKeyCache } from '../auth/widget-sessions.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { brandingFrom, type Branding } from '../mail/render/index.js';
import type { DialectName, Store } from '../db/connect.js';
import { createLogger, type Logger } from '../logger.js';
import { createLimits, type Limits } from '../limits/limiter.js';
import { CompiledSql } from '../db/compiled-sql.js';
import type { Database } from '../db/schema.js';
import { ReadCache } from '../db/read-cache.js';
import { SharedLookup } from '../db/shared-lookup.js';
import { organizationsById, type OrganizationOwner } from '../modules/organizations/repo.js';
import { WorkDb } from '../db/work-handle.js';
import { createTransport } from '../mail/sender.js';
import { auditEvents } from '../modules/audit/service.js';
import { WidgetBundleFile } from '../modules/widget-releases/service.js';
import type { PlanFileReader } from '../modules/plans/import/plan-file-reader.js';
import { Outbox } from '../outbox/record.js';
import { webhookFanOut } from '../webhooks/delivery/fan-out.js';
import { DeliveryHandoff } from '../webhooks/delivery/handoff.js';

export interface Ctx {
  /** The store, carrying this app's `Work` (and in a request, the request's). */
  db: Kysely<Database>;
  /** Decided once, when the store was opened. */
  dialect: DialectName;
  clock: Clock;
  config: Config;
  /** The vendor's branding for e-mails, derived from the configuration once, at start. */
  branding: Branding;
  caches: Caches;
  outbox: Outbox;
  /** Where the fan-out hands deliveries to this app's webhook worker (SQLite). */
  handoff: DeliveryHandoff;
  /** Reads uploaded plans off the event loop, a few at a time. */
  planFiles: PlanFileReader;
  /** SMTP for the mail worker; null keeps mails for /dev/mail (no SMTP_URL). */
  mailer: Transporter | null;
  logger: Logger;
  /** The abuse limits: in the database on PostgreSQL (shared by every instance), in memory on SQLite. */
  limits: Limits;
}

/** This app's caches of the store; each bounded, each invalidated by its own rule (see its module). */
export interface Caches {
  apiKeys: ApiKeyCache;
  origins: AllowedOrigins;
  signingKeys: SigningKeyCache;
  widgetKeys: WidgetKeyCache;
  /** Hot list reads, keyed on the store's data version. */
  reads: ReadCache;
  /** The widget's current build, read again when the file changes. */
  widgetBundle: WidgetBundleFile;
  /**
   * PostgreSQL: organizations by id, one statement for the trial creations that ask at the same time (not a cache:
   * each read is sent after its caller asked). Undefined on SQLite, where a read is no round trip.
   */
  organizations?: SharedLookup<OrganizationOwner>;
}

/**
 * What every handle of the app carries (db/work-handle.ts): the outbox events go through and the SQL compiled once;
 * in a request, the request too. Transactions opened from a handle carry the same.
 */
export interface Work {
  outbox: Outbox;
  compiledSql: CompiledSql;
  request?: RequestScope;
}

export interface RequestScope {
  requestId: string;
  /** Set by authentication; absent on public endpoints (a customer user accepting an invitation). */
  actor?: Actor;
  /** True once the request wrote an audit row inside a transaction; the fallback in the audit middleware then stays quiet. */
  audited: boolean;
}

/**
 * The AppContext of an open store (a second process's context, in tests, is built the same way); without a data
 * version its read cache loads every read.
 */
export function createAppContext(store: Pick<Store, 'db' | 'dialect'> & Partial<Pick<Store, 'dataVersion'>>, config: Config, clock: Clock, planFiles: Ctx['planFiles']): Ctx {
  const handoff = new DeliveryHandoff();
  // The subscribers of every recorded event, in its transaction: deliveries first, then who made the change.
  const outbox = new Outbox();
  outbox.subscribe(webhookFanOut(store.dialect, handoff));
  outbox.subscribe(auditEvents);
  const work: Work = { outbox, compiledSql: new CompiledSql() };
  const db = new WorkDb(store.db, work);
  return {
    db,
    dialect: store.dialect,
    clock,
    config,
    branding: brandingFrom(config),
    caches: {
      apiKeys: new ApiKeyCache(),
      origins: new AllowedOrigins(),
      signingKeys: new SigningKeyCache(),
      widgetKeys: new WidgetKeyCache(),
      reads: new ReadCache(store.dataVersion),
      widgetBundle: new WidgetBundleFile(),
      organizations: store.dialect === 'postgres' ? new SharedLookup((ids) => organizationsById(db, ids)) : undefined,
    },
    outbox,
    handoff,
    planFiles,
    mailer: createTransport(config.SMTP_URL),
    logger: createLogger(config.LOG_LEVEL),
    limits: createLimits(store, config),
  };
}

export type Tx = Transaction<Database> | Kysely<Database>;

/**
 * Who is acting: a vendor admin sees everything, a reseller only its own rows. `bucket` names the rate-limit bucket when
 * it is not the credential's own (a widget session draws on the key that minted it).
 */
export type Actor =
  | { kind: 'admin'; credentialId: string; bucket?: string }
  | { kind: 'reseller'; resellerId: string; credentialId: string; scopes?: string[]; bucket?: string };

export function resellerScope(actor: Actor): string | null {
  return actor.kind === 'reseller' ? actor.resellerId : null;
}

export function nowIso(ctx: { clock: Clock }): string {
  return ctx.clock.now().toISOString();
}
