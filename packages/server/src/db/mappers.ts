/** @module Rows to resource objects: the one place where text dates, JSON text and basis points become API shapes. */
import type { Selectable } from 'kysely';
import type { CustomerStatus, OrderStatus, TrialStatus } from '../lifecycle/machines.js';
import type { CustomerType } from '../modules/vendor/service.js';
import type { CustomerTable, LicenceTable, OrderTable, OrganizationTable, ResellerTable, RevenueEntryTable, TrialTable, TrialUserTable } from './schema.js';

export type Money = { amount: number; currency: string };

export function toReseller(r: Selectable<ResellerTable>) {
  return {
    id: r.id,
    name: r.name,
    orgNumber: r.org_number,
    contactEmail: r.contact_email,
    discountPercent: r.discount_bp / 100,
    allowedOrigins: JSON.parse(r.allowed_origins) as string[],
    createdAt: r.created_at,
  };
}
export type Reseller = ReturnType<typeof toReseller>;

export function toLicence(r: Selectable<LicenceTable>) {
  return {
    id: r.id,
    name: r.name,
    customerType: r.customer_type as CustomerType,
    annualPrice: { amount: Number(r.price_amount), currency: r.currency },
    createdAt: r.created_at,
  };
}
export type Licence = ReturnType<typeof toLicence>;

export function toOrganization(r: Selectable<OrganizationTable>) {
  return { id: r.id, name: r.name, orgNumber: r.org_number, createdAt: r.created_at, updatedAt: r.updated_at };
}
export type Organization = ReturnType<typeof toOrganization>;

export function toTrialUser(u: Pick<Selectable<TrialUserTable>, 'id' | 'email' | 'role' | 'status'>) {
  return { id: u.id, email: u.email, role: u.role as 'editor' | 'reader', status: u.status as 'invited' | 'active' };
}
export type TrialUser = ReturnType<typeof toTrialUser>;

export function toTrial(t: Selectable<TrialTable>, organizationName: string, users: TrialUser[]) {
  return {
    id: t.id,
    organizationId: t.organization_id,
    organizationName,
    customerType: t.customer_type as CustomerType,
    status: t.status as TrialStatus,
    endsAt: t.ends_at,
    expiredAt: t.expired_at,
    createdAt: t.created_at,
    users,
  };
}
export type Trial = ReturnType<typeof toTrial>;

export function toOrder(o: Selectable<OrderTable>) {
  return {
    id: o.id,
    trialId: o.trial_id,
    licenceId: o.licence_id,
    status: o.status as OrderStatus,
    invoicing: JSON.parse(o.invoicing) as { name: string; orgNumber: string; email: string; reference?: string },
    signer: JSON.parse(o.signer) as { name: string; email: string },
    agreement: o.agreement_sha256 ? { sha256: o.agreement_sha256, size: Number(o.agreement_size), uploadedAt: o.agreement_uploaded_at!, filename: o.agreement_filename ?? null } : null,
    rejectionReason: o.rejection_reason,
    submittedAt: o.submitted_at,
    decidedAt: o.decided_at,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  };
}
export type Order = ReturnType<typeof toOrder>;

export function toCustomer(c: Selectable<CustomerTable>, extra: { organizationName: string; licenceName: string; annualPrice: Money }) {
  return {
    id: c.id,
    organizationId: c.organization_id,
    organizationName: extra.organizationName,
    trialId: c.trial_id,
    orderId: c.order_id,
    licenceId: c.licence_id,
    licenceName: extra.licenceName,
    annualPrice: extra.annualPrice,
    status: c.status as CustomerStatus,
    licenceYear: c.licence_year,
    renewsAt: c.status === 'active' ? c.renews_at : null,
    cancelledAt: c.cancelled_at,
    createdAt: c.created_at,
  };
}
export type Customer = ReturnType<typeof toCustomer>;

export function toRevenueEntry(e: Selectable<RevenueEntryTable>) {
  return {
    id: e.id,
    customerId: e.customer_id,
    licenceId: e.licence_id,
    licenceYear: e.licence_year,
    periodStart: e.period_start,
    currency: e.currency,
    listPrice: Number(e.list_price),
    resellerMargin: Number(e.reseller_margin),
    vendorAmount: Number(e.vendor_amount),
    createdAt: e.created_at,
  };
}
export type RevenueEntry = ReturnType<typeof toRevenueEntry>;
