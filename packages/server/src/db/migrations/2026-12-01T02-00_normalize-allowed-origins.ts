/**
 * @module Rewrites every reseller's allowedOrigins as browsers send an Origin header (lowercase scheme and host, no
 * default port, no trailing slash), as the API stores them on input, so an entry such as `https://PMS.example.com:443`
 * matches the browser's `https://pms.example.com`.
 * Entries that are not origins at all (a path, credentials) could never match a browser and are dropped.
 */
import type { Kysely } from 'kysely';
import type { DialectMigration } from '../migrate.js';

/** Frozen copy of the normaliser of this day (contract/origin.ts may change; a migration must not). */
function normalize(value: string): string | null {
  const text = value.trim();
  if (!/^https?:\/\/[^/\\?#@\s\u0000-\u001F\u007F]+\/?$/i.test(text)) return null;
  try {
    return new URL(text).origin;
  } catch {
    return null;
  }
}

export const normalizeAllowedOrigins: DialectMigration = () => ({
  async up(db: Kysely<any>) {
    const rows = (await db.selectFrom('resellers').select(['id', 'allowed_origins']).execute()) as { id: string; allowed_origins: string }[];
    for (const row of rows) {
      const stored = JSON.parse(row.allowed_origins) as unknown;
      const list = Array.isArray(stored) ? stored.filter((o): o is string => typeof o === 'string') : [];
      const normalized = [...new Set(list.map(normalize).filter((o): o is string => o !== null))];
      const text = JSON.stringify(normalized);
      if (text !== row.allowed_origins) await db.updateTable('resellers').set({ allowed_origins: text }).where('id', '=', row.id).execute();
    }
  },
  async down() {
    // Normalised origins are valid input as they are: nothing to undo.
  },
});
