/** @module The resource objects as they go over the wire; the SDK's types are generated from these. */
import { z } from '@hono/zod-openapi';
import { CUSTOMER_STATUSES, ORDER_STATUSES, TRIAL_STATUSES } from '../lifecycle/machines.js';
import { ROLES, USER_STATUSES } from '../modules/accounts/model.js';
import { CustomerType, Money } from './common.js';
import { examples } from './examples.js';
import { ENGAGEMENT_LEVELS } from '../modules/trials/model.js';

const Iso = z.string().openapi({ format: 'date-time' });

export const Reseller = z
  .object({
    id: z.string(),
    name: z.string(),
    orgNumber: z.string(),
    contactEmail: z.string(),
    discountPercent: z.number(),
    allowedOrigins: z.array(z.string()),
    portalUrl: z.string().nullable().openapi({ description: 'The page of your own system where you run the back office (trials, customers); the daily trial digest links there. Null when not set.' }),
    createdAt: Iso,
  })
  .openapi('Reseller', { example: examples.reseller });

export const ApiKey = z.object({ id: z.string(), name: z.string(), prefix: z.string(), createdAt: Iso, lastUsedAt: Iso.nullable(), revokedAt: Iso.nullable() }).openapi('ApiKey');
export const NewApiKey = z.object({ id: z.string(), name: z.string(), key: z.string().openapi({ description: 'Shown once.' }), prefix: z.string(), createdAt: Iso }).openapi('NewApiKey');

export const Licence = z.object({ id: z.string(), name: z.string(), customerType: CustomerType, annualPrice: Money, createdAt: Iso }).openapi('Licence');
export const ResellerLicence = Licence.extend({
  discountPercent: z.number(),
  resellerMargin: Money.openapi({ description: 'What the reseller earns per licence year.' }),
  vendorAmount: Money.openapi({ description: 'What the vendor invoices the reseller per licence year.' }),
}).openapi('ResellerLicence');

export const Role = z.enum(ROLES).openapi('Role');
export const TrialUser = z
  .object({
    id: z.string(),
    email: z.string(),
    role: Role,
    status: z.enum(USER_STATUSES),
    acceptedAt: Iso.nullable().openapi({ description: 'When the user accepted the invitation; null while invited.' }),
    lastActivityAt: Iso.nullable().openapi({ description: 'Last login, plan read (recorded at most once a minute) or plan edit; null if none.' }),
    lastEditAt: Iso.nullable().openapi({ description: 'Last time the user saved or imported the plan.' }),
    planEdits: z.number().int().openapi({ description: 'How many times the user saved or imported the plan.' }),
  })
  .openapi('TrialUser');
export const EngagementLevel = z.enum(ENGAGEMENT_LEVELS).openapi('EngagementLevel', { description: 'Rules in docs/engagement.md.' });
export const Engagement = z
  .object({
    invited: z.number().int(),
    accepted: z.number().int(),
    activeUsers7d: z.number().int().openapi({ description: 'Users with any activity in the last 7 days.' }),
    lastActivityAt: Iso.nullable(),
    planEdits: z.number().int().openapi({ description: 'Plan saves and imports by the users, in all.' }),
    level: EngagementLevel,
  })
  .openapi('Engagement');
export const TrialStatus = z.enum(TRIAL_STATUSES).openapi('TrialStatus');

export const Organization = z
  .object({
    id: z.string(),
    name: z.string(),
    orgNumber: z.string().nullable(),
    heldBy: z
      .object({ trialId: z.string(), status: TrialStatus })
      .nullable()
      .openapi({ description: 'The trial holding the organization: `active` (an open trial) or `converted` (its live customer). While set, a new trial for it is refused (`organization_has_account`).' }),
    createdAt: Iso,
    updatedAt: Iso,
  })
  .openapi('Organization', { example: examples.organization });
export const Trial = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    organizationName: z.string(),
    customerType: CustomerType,
    status: TrialStatus,
    endsAt: Iso,
    expiredAt: Iso.nullable(),
    createdAt: Iso,
    users: z.array(TrialUser),
    engagement: Engagement,
  })
  .openapi('Trial', { example: examples.trial });
export const TrialStats = z
  .object({
    levels: z.array(
      z.object({
        level: EngagementLevel.openapi({ description: 'The level the trial had when it converted or expired.' }),
        converted: z.number().int(),
        expired: z.number().int(),
        conversionRate: z.number().nullable().openapi({ description: 'converted / (converted + expired), 0 to 1; null with no closed trials.' }),
      }),
    ),
  })
  .openapi('TrialStats');

export const Invoicing = z.object({ name: z.string(), orgNumber: z.string(), email: z.string(), reference: z.string().optional() }).openapi('Invoicing');
export const Signer = z.object({ name: z.string(), email: z.string() }).openapi('Signer');
export const OrderStatus = z.enum(ORDER_STATUSES).openapi('OrderStatus');
export const Order = z
  .object({
    id: z.string(),
    trialId: z.string(),
    licenceId: z.string(),
    status: OrderStatus,
    invoicing: Invoicing,
    signer: Signer,
    agreement: z
      .object({
        sha256: z.string(), size: z.number().int(), uploadedAt: Iso, filename: z.string().nullable().openapi({ description: 'The file name sent on upload (`?filename=`).' }),
        signedElectronically: z.boolean().openapi({ description: 'True when the signer signed on the signing page (the PDF ends with its signature page); false for an uploaded PDF.' }),
      })
      .nullable(),
    rejectionReason: z.string().nullable(),
    submittedAt: Iso.nullable(),
    decidedAt: Iso.nullable(),
    createdAt: Iso,
    updatedAt: Iso,
  })
  .openapi('Order', { example: examples.order });

/** Inline in the document (no component of its own): the list filter and the resource share it. */
export const CustomerStatus = z.enum(CUSTOMER_STATUSES);

export const Customer = z
  .object({
    id: z.string(),
    organizationId: z.string(),
    organizationName: z.string(),
    trialId: z.string(),
    orderId: z.string(),
    licenceId: z.string(),
    licenceName: z.string(),
    annualPrice: Money,
    status: CustomerStatus,
    licenceYear: z.number().int(),
    renewsAt: Iso.nullable(),
    cancelAtPeriodEnd: z.boolean().openapi({ description: 'The reseller has asked to end the licence with its current year: it does not renew, and is cancelled at `renewsAt`.' }),
    cancelledAt: Iso.nullable(),
    createdAt: Iso,
  })
  .openapi('Customer', { example: examples.customer });

export const Approval = z.object({ order: Order, customer: Customer }).openapi('Approval');

const Amounts = { listPrice: z.number().int(), resellerMargin: z.number().int(), vendorAmount: z.number().int() };
export const RevenueSummary = z
  .object({
    currency: z.string(),
    groupBy: z.enum(['month', 'year']),
    totals: z.object(Amounts),
    periods: z.array(
      z.object({
        period: z.string().openapi({ example: '2026-11' }),
        ...Amounts,
        reversals: z.object(Amounts).openapi({
          description: 'The part of the period’s (net) figures that reversals took back, each ≤ 0; what was sold is the figure less this. A month with a sale and a reversal of the same size nets to 0 but shows both here.',
        }),
      }),
    ),
  })
  .openapi('RevenueSummary');

export const Event = z.object({ id: z.string(), type: z.string(), createdAt: Iso, data: z.unknown() }).openapi('Event', { example: examples.event });

export const UserSession = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), role: z.string(), trialId: z.string() }),
    session: z.object({ token: z.string(), expiresAt: Iso }),
  })
  .openapi('UserSession');
