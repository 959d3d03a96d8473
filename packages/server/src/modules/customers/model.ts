/** @module A customer as the API shows it: its row with its organization's name and its licence's name and price. */
import type { Selectable } from 'kysely';
import type { CustomerTable, LicenceTable } from '../../db/schema.js';
import { CUSTOMER_LIVE, type CustomerStatus } from '../../lifecycle/machines.js';
import type { Money } from '../vendor/model.js';

/** How long before a renewal the reseller hears of it (`customer.renewal_upcoming` and an e-mail). */
export const RENEWAL_NOTICE_DAYS = 30;

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
    // Only a live customer's licence renews.
    renewsAt: CUSTOMER_LIVE.includes(c.status) ? c.renews_at : null,
    // Marked by the reseller to end with the current licence year: renewsAt is then when it ends, not renews.
    cancelAtPeriodEnd: c.cancel_at_period_end === 1,
    cancelledAt: c.cancelled_at,
    createdAt: c.created_at,
  };
}
export type Customer = ReturnType<typeof toCustomer>;

export function customerView(c: Selectable<CustomerTable>, organizationName: string, licence: Pick<Selectable<LicenceTable>, 'name' | 'price_amount' | 'currency'>) {
  return toCustomer(c, { organizationName, licenceName: licence.name, annualPrice: { amount: Number(licence.price_amount), currency: licence.currency } });
}
