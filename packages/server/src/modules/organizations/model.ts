/** @module An organization as the API shows it. */
import type { Selectable } from 'kysely';
import type { OrganizationTable } from '../../db/schema.js';
import type { TrialStatus } from '../../lifecycle/machines.js';

export function toOrganization(r: Selectable<OrganizationTable>) {
  return { id: r.id, name: r.name, orgNumber: r.org_number, createdAt: r.created_at, updatedAt: r.updated_at };
}
export type Organization = ReturnType<typeof toOrganization>;

/** The trial that holds an organization (active, or converted into a live customer; `holds_organization`): a new trial for it is refused. */
export type Holder = { trialId: string; status: TrialStatus };
