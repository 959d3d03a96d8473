/** @module An order as the API shows it. */
import type { Selectable } from 'kysely';
import type { OrderTable } from '../../db/schema.js';
import type { OrderStatus } from '../../lifecycle/machines.js';

export interface OrderInput {
  licenceId: string;
  invoicing: { name: string; orgNumber: string; email: string; reference?: string };
  signer: { name: string; email: string };
}

export function toOrder(o: Selectable<OrderTable>) {
  return {
    id: o.id,
    trialId: o.trial_id,
    licenceId: o.licence_id,
    status: o.status as OrderStatus,
    invoicing: JSON.parse(o.invoicing) as OrderInput['invoicing'],
    signer: JSON.parse(o.signer) as OrderInput['signer'],
    agreement: o.agreement_sha256 ? { sha256: o.agreement_sha256, size: Number(o.agreement_size), uploadedAt: o.agreement_uploaded_at!, filename: o.agreement_filename ?? null, signedElectronically: Number(o.agreement_signed_electronically) === 1 } : null,
    rejectionReason: o.rejection_reason,
    submittedAt: o.submitted_at,
    decidedAt: o.decided_at,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  };
}
export type Order = ReturnType<typeof toOrder>;
