/** @module The organizations' SQL, and who holds each (the trial row with `holds_organization = 1`). */
import { CompiledQuery, type Kysely, type Selectable } from 'kysely';
import { compiledQuery } from '../../db/sqlite/compiled-query.js';
import { prepared } from '../../db/prepared.js';
import { executeCompiled } from '../../db/work-handle.js';
import { page, type PageParams } from '../../db/pagination.js';
import { scopedRow } from '../../db/scoped.js';
import type { Database, OrganizationTable } from '../../db/schema.js';
import { NotFoundError } from '../../errors.js';
import type { Tx } from '../../app/context.js';
import type { TrialStatus } from '../../lifecycle/machines.js';
import { toOrganization, type Holder } from './model.js';

export type OrganizationRow = Selectable<OrganizationTable>;

/** The holders of these organizations, in one statement. */
export async function holders(db: Tx, organizationIds: string[]): Promise<Map<string, Holder>> {
  if (!organizationIds.length) return new Map();
  const rows = await db.selectFrom('trials').select(['id', 'organization_id', 'status']).where('organization_id', 'in', organizationIds).where('holds_organization', '=', 1).execute();
  return new Map(rows.map((r) => [r.organization_id, { trialId: r.id, status: r.status as TrialStatus }]));
}

export async function insertOrganization(db: Tx, row: OrganizationRow): Promise<void> {
  await db.insertInto('organizations').values(row).execute();
}

export function findOrganization(db: Tx, id: string, scope: string | null): Promise<OrganizationRow> {
  return scopedRow(db, 'organizations', id, scope, 'organization');
}

export async function updateOrganizationRow(db: Tx, id: string, values: Partial<OrganizationRow>): Promise<void> {
  await db.updateTable('organizations').set(values).where('id', '=', id).execute();
}

export function organizationPage(db: Tx, scope: string | null, p: PageParams) {
  let q = db.selectFrom('organizations').selectAll();
  if (scope) q = q.where('reseller_id', '=', scope);
  return page(q, p, toOrganization);
}

/** The organization in the actor's scope: one statement, compiled once. */
type OrganizationName = { id: string; name: string };
const anyOrganization = compiledQuery<{ organizationId: string }, OrganizationName>(['organizationId'], (db: Kysely<Database>, p) =>
  db.selectFrom('organizations').select(['id', 'name']).where('id', '=', p.organizationId),
);
const organizationInScope = compiledQuery<{ organizationId: string; resellerId: string }, OrganizationName>(['organizationId', 'resellerId'], (db: Kysely<Database>, p) =>
  db.selectFrom('organizations').select(['id', 'name']).where('id', '=', p.organizationId).where('reseller_id', '=', p.resellerId),
);

/**
 * The organization's id and name in the scope (a 404 outside it), compiled once: a trial creation's on SQLite, inside
 * its transaction. PostgreSQL shares the read between creations instead (`organizationsById`).
 */
export async function findOrganizationName(tx: Tx, organizationId: string, scope: string | null): Promise<OrganizationName> {
  const [row] = scope ? await organizationInScope(tx as Kysely<Database>, { organizationId, resellerId: scope }) : await anyOrganization(tx as Kysely<Database>, { organizationId });
  if (!row) throw new NotFoundError('organization', organizationId);
  return row;
}

/** An organization's name and owner, as `organizationsById` reads them. */
export type OrganizationOwner = { id: string; name: string; reseller_id: string };

/**
 * PostgreSQL: the organizations with these ids, in one statement whatever their number (an array, so one prepared
 * text), for reads shared by the requests that ask at the same time (db/shared-lookup.ts).
 */
const ORGANIZATIONS_BY_ID = prepared('select "id", "name", "reseller_id" from "organizations" where "id" = any($1::text[])');
export async function organizationsById(db: Kysely<Database>, ids: string[]): Promise<Map<string, OrganizationOwner>> {
  const { rows } = await executeCompiled<OrganizationOwner>(db, CompiledQuery.raw(ORGANIZATIONS_BY_ID, [ids]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** An organization as `findOrganizationName` answers, from a row read without the scope: a 404 outside it. */
export function inScope(row: OrganizationOwner | undefined, organizationId: string, scope: string | null): OrganizationName {
  if (!row || (scope !== null && row.reseller_id !== scope)) throw new NotFoundError('organization', organizationId);
  return { id: row.id, name: row.name };
}

export async function organizationName(tx: Tx, organizationId: string): Promise<string> {
  return (await tx.selectFrom('organizations').select('name').where('id', '=', organizationId).executeTakeFirstOrThrow()).name;
}

/** The name of the organization a trial is for. */
export async function organizationNameOfTrial(db: Tx, trialId: string): Promise<string> {
  const row = await db
    .selectFrom('organizations')
    .innerJoin('trials', 'trials.organization_id', 'organizations.id')
    .select('organizations.name')
    .where('trials.id', '=', trialId)
    .executeTakeFirstOrThrow();
  return row.name;
}
