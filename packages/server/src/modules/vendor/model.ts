/** @module The vendor's catalogue and partners as the API shows them: customer types, resellers, licences, money. */
import type { Selectable } from 'kysely';
import type { LicenceTable, ResellerTable } from '../../db/schema.js';

/** Who a licence is for; a trial is opened for one of these and may only order a licence of the same type. */
export const CUSTOMER_TYPES = ['brf', 'property_company', 'municipality', 'joint_facility', 'other'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

/** An amount in minor units (öre). */
export type Money = { amount: number; currency: string };

export function toReseller(r: Selectable<ResellerTable>) {
  return {
    id: r.id,
    name: r.name,
    orgNumber: r.org_number,
    contactEmail: r.contact_email,
    discountPercent: r.discount_bp / 100,
    allowedOrigins: JSON.parse(r.allowed_origins) as string[],
    portalUrl: r.portal_url,
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
