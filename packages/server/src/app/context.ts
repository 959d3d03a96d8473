/** @module What every domain operation receives: the store, the clock, the configuration. */
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { DialectName } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { PlanFileReader } from '../modules/plans/import/plan-file-reader.js';

export interface Ctx {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  config: Config;
  /** Changes whenever the store may have changed (SQLite only); lets hot reads be cached safely. */
  dataVersion?: () => string;
  /** Reads uploaded plans off the event loop, a few at a time. */
  planFiles: PlanFileReader;
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
