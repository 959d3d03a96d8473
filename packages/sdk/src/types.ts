/**
 * @module Wire types of the resellerkit API, written by hand from DESIGN.md.
 *
 * Every resource, params and webhook-event type lives in this one module on purpose: a later
 * step replaces its body with types generated from the server's `GET /openapi.json` and keeps
 * these names as aliases, so the resources and users importing them do not change.
 * Conventions: camelCase, prefixed string ids, ISO-8601 date strings, money in integer minor units.
 */

// ---------------------------------------------------------------- shared

/** Money in integer minor units (öre for `SEK`); never floats. */
export interface Money {
  amount: number;
  currency: string;
}

/** ISO-8601 date-time string, e.g. `2026-11-26T10:00:00.000Z`. */
export type Timestamp = string;

export type CustomerType = 'brf' | 'property_company' | 'municipality' | 'joint_facility' | 'other';

/** One page of a list endpoint as the server sends it. */
export interface ListResponse<T> {
  data: T[];
  nextCursor: string | null;
}

export interface ListParams {
  /** Page size; the server caps it. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

// ---------------------------------------------------------------- vendor admin

export interface Reseller {
  id: string; // res_…
  name: string;
  orgNumber: string;
  contactEmail: string;
  /** The reseller's margin, a percentage off the list price. */
  discountPercent: number;
  /** Origins allowed to use widget sessions. */
  allowedOrigins: string[];
  createdAt: Timestamp;
}

export interface ResellerCreateParams {
  name: string;
  orgNumber: string;
  contactEmail: string;
  discountPercent: number;
  allowedOrigins?: string[];
}

export type ResellerUpdateParams = Partial<ResellerCreateParams>;

/** A reseller API key as listed: only its `prefix` is ever shown again. */
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: Timestamp;
  lastUsedAt: Timestamp | null;
  revokedAt: Timestamp | null;
}

/** A newly created API key; `key` (`rk_…`) is returned only this once. */
export interface NewApiKey {
  id: string;
  name: string;
  key: string;
  prefix: string;
  createdAt: Timestamp;
}

export interface ApiKeyCreateParams {
  name: string;
}

export interface Licence {
  id: string; // lic_…
  name: string;
  customerType: CustomerType;
  annualPrice: Money;
  createdAt: Timestamp;
}

/** A licence as a reseller sees it: with its margin and what the vendor invoices it. */
export interface ResellerLicence extends Licence {
  discountPercent: number;
  resellerMargin: Money;
  vendorAmount: Money;
}

export interface LicenceCreateParams {
  name: string;
  customerType: CustomerType;
  annualPrice: Money;
}

export interface AdminOrderListParams extends ListParams {
  status?: OrderStatus;
}

export interface OrderRejectParams {
  reason: string;
}

/** What approving an order produces, in one transaction. */
export interface Approval {
  order: Order;
  customer: Customer;
}

// ---------------------------------------------------------------- organizations and plans

export interface Organization {
  id: string; // org_…
  name: string;
  orgNumber: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface OrganizationCreateParams {
  name: string;
  orgNumber?: string;
}

export type OrganizationUpdateParams = Partial<OrganizationCreateParams>;

/** One action (åtgärd) of a maintenance plan; money in öre. */
export interface PlanAction {
  id: string;
  /** Fastighet */
  property: string;
  /** Byggnad */
  building: string;
  /** Kategori */
  category: string;
  /** Läge */
  location: string;
  /** Åtgärd */
  action: string;
  /** År */
  year: number;
  /** Intervall (years), empty when the action does not recur. */
  intervalYears: number | null;
  /** Mängd */
  quantity: number;
  /** Enhet: m, m2, st, ... */
  unit: string;
  /** Styckpris in öre. */
  unitPrice: number;
  /** quantity × unitPrice, in öre. */
  total: number;
  /** e.g. utkast / akut / eftersatt */
  status: string | null;
  /** Märkning */
  marking: string | null;
}

export interface Plan {
  organizationId: string;
  actions: PlanAction[];
  totals: { cost: number };
}

/** A plan action as sent to `PUT .../plan`: keep an `id` to keep the action; the server computes `total`. */
export type PlanActionInput = Omit<PlanAction, 'id' | 'total' | 'intervalYears' | 'status' | 'marking'> & {
  id?: string;
  intervalYears?: number | null;
  status?: string | null;
  marking?: string | null;
};

export interface PlanReplaceParams {
  actions: PlanActionInput[];
}

export type PlanImportContentType =
  | 'xlsx'
  | 'csv'
  | 'text/csv'
  | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface PlanImportParams {
  /** `'xlsx'` or `'csv'`, or the media type itself. */
  contentType: PlanImportContentType;
  /** Validate and preview without saving. */
  dryRun?: boolean;
  /** `append` to the plan or `replace` it. */
  mode?: 'append' | 'replace';
}

/** Row-level import problem; `row` counts as a spreadsheet shows it (header is row 1). */
export interface PlanImportIssue {
  row: number;
  column?: string;
  message: string;
}

export interface PlanImportResult {
  imported: number;
  errors: PlanImportIssue[];
}

export interface PlanImportPreview {
  dryRun: true;
  /** The parsed actions, each with its spreadsheet `row`. */
  rows: (Omit<PlanAction, 'id'> & { row: number })[];
  errors: PlanImportIssue[];
}

// ---------------------------------------------------------------- trials

export type TrialStatus = 'active' | 'expired' | 'purged' | 'converted' | 'cancelled';
export type TrialUserRole = 'editor' | 'reader';

export interface TrialUser {
  id: string; // tu_…
  email: string;
  role: TrialUserRole;
  status: 'invited' | 'active';
}

export interface Trial {
  id: string; // trial_…
  organizationId: string;
  organizationName: string;
  customerType: CustomerType;
  status: TrialStatus;
  endsAt: Timestamp;
  expiredAt: Timestamp | null;
  createdAt: Timestamp;
  users: TrialUser[];
}

export interface TrialUserParams {
  email: string;
  role?: TrialUserRole;
}

export interface TrialCreateParams {
  organizationId: string;
  customerType: CustomerType;
  users: TrialUserParams[];
  /** Defaults to 30 on the server. */
  durationDays?: number;
}

export interface TrialListParams extends ListParams {
  status?: TrialStatus;
}

export interface TrialExtendParams {
  days: number;
}

export interface TrialUserUpdateParams {
  role: TrialUserRole;
}

// ---------------------------------------------------------------- orders

export type OrderStatus = 'draft' | 'submitted' | 'approved' | 'rejected';

export interface Invoicing {
  name: string;
  orgNumber: string;
  email: string;
  reference?: string;
}

export interface Signer {
  name: string;
  email: string;
}

export interface Agreement {
  sha256: string;
  size: number;
  uploadedAt: Timestamp;
}

export interface Order {
  id: string; // ord_…
  trialId: string;
  licenceId: string;
  status: OrderStatus;
  invoicing: Invoicing;
  signer: Signer;
  agreement: Agreement | null;
  rejectionReason: string | null;
  submittedAt: Timestamp | null;
  decidedAt: Timestamp | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface OrderCreateParams {
  licenceId: string;
  invoicing: Invoicing;
  signer: Signer;
}

export type OrderUpdateParams = Partial<OrderCreateParams>;

// ---------------------------------------------------------------- customers and revenue

export interface Customer {
  id: string; // cus_…
  organizationId: string;
  organizationName: string;
  trialId: string;
  orderId: string;
  licenceId: string;
  licenceName: string;
  annualPrice: Money;
  status: 'active' | 'cancelled';
  /** 1 for the first licence year, 2 after the first renewal, ... */
  licenceYear: number;
  renewsAt: Timestamp | null;
  cancelledAt: Timestamp | null;
  createdAt: Timestamp;
}

export interface RevenueAmounts {
  listPrice: number;
  resellerMargin: number;
  vendorAmount: number;
}

export interface RevenuePeriod extends RevenueAmounts {
  /** `2026-11` when grouped by month, `2026` by year. */
  period: string;
}

export interface RevenueSummary {
  currency: string;
  groupBy: 'month' | 'year';
  totals: RevenueAmounts;
  periods: RevenuePeriod[];
}

/** One append-only ledger entry: a licence year of one customer. */
export interface RevenueEntry extends RevenueAmounts {
  id: string;
  customerId: string;
  licenceId: string;
  licenceYear: number;
  periodStart: Timestamp;
  currency: string;
  createdAt: Timestamp;
}

export interface RevenueParams {
  /** Inclusive start, ISO date. */
  from?: string;
  /** Exclusive end, ISO date. */
  to?: string;
  groupBy?: 'month' | 'year';
}

// ---------------------------------------------------------------- events and webhooks

/** Every event the outbox writes; webhooks and `GET /v1/events` carry the same types. */
export type EventType = keyof EventDataMap;

/** Payload (`data`) of each event type: mostly the resource as it was after the change. */
export interface EventDataMap {
  'trial.created': Trial;
  'trial.user_added': { trialId: string; user: TrialUser };
  'trial.user_removed': { trialId: string; user: TrialUser };
  'trial.extended': Trial;
  'trial.expiring': Trial;
  'trial.expired': Trial;
  'trial.cancelled': Trial;
  'trial.purge_scheduled': { trialId: string; organizationId: string; purgeAt: Timestamp };
  'trial.purged': { trialId: string; organizationId: string; purgedAt: Timestamp };
  'order.created': Order;
  'order.submitted': Order;
  'order.approved': Order;
  'order.rejected': Order;
  'customer.created': Customer;
  'customer.renewed': Customer;
  'customer.cancelled': Customer;
  'revenue.recorded': RevenueEntry;
  'plan.imported': {
    organizationId: string;
    mode: 'append' | 'replace';
    imported: number;
    /** Actions in the plan after the import. */
    actions: number;
    totals: { cost: number };
  };
  /** The endpoint under test. */
  'webhook.test': WebhookEndpoint;
}

/** An entry of the `GET /v1/events` feed. */
export type Event = {
  [K in EventType]: { id: string; type: K; createdAt: Timestamp; data: EventDataMap[K] };
}[EventType];

export interface EventListParams extends ListParams {
  /** Only events after this event id. */
  after?: string;
  type?: EventType;
}

/** The verified body of a webhook delivery, narrowed by `type`. */
export type WebhookEvent = {
  [K in EventType]: { type: K; timestamp: Timestamp; data: EventDataMap[K] };
}[EventType];

export type WebhookSigning = 'hmac' | 'hmac+ed25519';

export interface WebhookEndpoint {
  id: string; // we_…
  /** Null for the vendor's endpoints, which receive every reseller's events. */
  resellerId: string | null;
  url: string;
  description: string;
  /** Event-type filter; empty means every event. */
  enabledEvents: EventType[];
  enabled: boolean;
  signing: WebhookSigning;
  /** `whpk_…` Ed25519 public key for `v1a` signatures, when `signing` is `hmac+ed25519`. */
  publicKey: string | null;
  /** Until then the previous secret also signs (rotation grace period). */
  secretRotationEndsAt: Timestamp | null;
  failingSince: Timestamp | null;
  disabledReason: 'manual' | 'failing' | 'gone' | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** Returned by create and rotate-secret only: the `whsec_…` secret is never shown again. */
export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  secret: string;
}

export interface WebhookEndpointCreateParams {
  url: string;
  description?: string;
  enabledEvents?: EventType[];
  signing?: WebhookSigning;
}

export interface WebhookEndpointUpdateParams {
  url?: string;
  description?: string;
  enabledEvents?: EventType[];
  /** Re-enable (`true`) or pause (`false`). */
  enabled?: boolean;
}

export interface WebhookAttempt {
  at: Timestamp;
  statusCode: number | null;
  durationMs: number;
  /** First KB of the response. */
  responseBody: string | null;
  error: string | null;
}

export interface WebhookDelivery {
  /** The `webhook-id` header: the same on every attempt. */
  id: string;
  endpointId: string;
  eventId: string;
  eventType: EventType;
  status: 'pending' | 'succeeded' | 'failed' | 'disabled';
  attempts: number;
  nextAttemptAt: Timestamp | null;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: Timestamp | null;
  succeededAt: Timestamp | null;
  createdAt: Timestamp;
  attemptLog: WebhookAttempt[];
}

export interface WebhookRecoverParams {
  /** Re-queue every failed delivery since this ISO time. */
  since: string;
}

export interface WebhookRecoverResult {
  recovered: number;
}

// ---------------------------------------------------------------- widget and invitations

export interface WidgetSessionCreateParams {
  /** The page origin the widget runs on; must be one of the reseller's `allowedOrigins`. */
  origin: string;
  /** Your own user, for the audit trail. */
  user?: { id?: string; email?: string; name?: string };
}

export interface WidgetSession {
  token: string;
  expiresAt: Timestamp;
}

export interface InvitationAcceptParams {
  token: string;
  password: string;
}

/** The accepted user, logged in. */
export interface InvitationAcceptResult {
  user: { id: string; email: string; role: string; trialId: string };
  session: { token: string; expiresAt: Timestamp };
}
