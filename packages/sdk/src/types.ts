/**
 * @module Public wire types of the resellerkit API, named for SDK users and taken from the server's contract.
 *
 * Resources and params are aliases of `generated/contract.ts`, which `npm run generate` writes from
 * the server's `GET /openapi.json` (a test fails when it drifts), so a field the server adds,
 * renames or tightens reaches these names without hand edits. Written by hand here are only what
 * the contract leaves open: the event payloads (`data` is free-form on the wire) and the narrowing
 * of event-type strings to `EventType`. Conventions: camelCase, prefixed string ids, ISO-8601 date
 * strings, money in integer minor units.
 */
import type * as C from './generated/contract.js';

type Paths = C.Paths;
/** The JSON request body of an operation. */
type Body<P extends keyof Paths, M extends keyof Paths[P]> = Paths[P][M] extends { body: infer B } ? B : never;
/** The query parameters of an operation. */
type Query<P extends keyof Paths, M extends keyof Paths[P]> = Paths[P][M] extends { query: infer Q } ? Q : never;
/** The request content types of an operation. */
type BodyContentType<P extends keyof Paths, M extends keyof Paths[P]> = Paths[P][M] extends { bodyContentType: infer T } ? T : never;

/** Every operation of the contract, keyed by path and method: `query`, `body`, `bodyContentType`, `response`. */
export type APIPaths = Paths;

// ---------------------------------------------------------------- shared

/** Money in integer minor units (öre for `SEK`); never floats. */
export type Money = C.Money;

/** ISO-8601 date-time string, e.g. `2026-11-26T10:00:00.000Z`. */
export type Timestamp = string;

export type CustomerType = C.CustomerType;

/** One page of a list endpoint as the server sends it. */
export interface ListResponse<T> {
  data: T[];
  nextCursor: string | null;
}

/** `limit` (the server caps it) and `cursor` (the `nextCursor` of the previous page). */
export type ListParams = Query<'/v1/organizations', 'get'>;

/** An operation that takes no query parameter: the server refuses any it does not name. */
export type NoParams = Record<string, never>;

/** The error body every failure carries. */
export type ErrorBody = C.Error;
/** The stable reason of a refusal a person can cause (`error.code`), e.g. `user_exists`. */
export type ErrorCode = NonNullable<C.Error['error']['code']>;

// ---------------------------------------------------------------- vendor admin

export type Reseller = C.Reseller;
export type ResellerCreateParams = Body<'/v1/admin/resellers', 'post'>;
export type ResellerUpdateParams = Body<'/v1/admin/resellers/{id}', 'patch'>;

/** A reseller API key as listed: only its `prefix` is ever shown again. */
export type ApiKey = C.ApiKey;
/** A newly created API key; `key` (`rk_…`) is returned only this once. */
export type NewApiKey = C.NewApiKey;
export type ApiKeyCreateParams = Body<'/v1/admin/resellers/{id}/api-keys', 'post'>;

export type Licence = C.Licence;
/** A licence as a reseller sees it: with its margin and what the vendor invoices it. */
export type ResellerLicence = C.ResellerLicence;
export type LicenceCreateParams = Body<'/v1/admin/licences', 'post'>;

export type AdminOrderListParams = Query<'/v1/admin/orders', 'get'>;
export type OrderRejectParams = Body<'/v1/admin/orders/{id}/reject', 'post'>;
/** What approving an order produces, in one transaction. */
export type Approval = C.Approval;

/** One entry of the vendor's audit log. */
export type AuditEntry = C.AuditEntry;

// ---------------------------------------------------------------- organizations and plans

export type Organization = C.Organization;
export type OrganizationCreateParams = Body<'/v1/organizations', 'post'>;
export type OrganizationUpdateParams = Body<'/v1/organizations/{id}', 'patch'>;

/** One action (åtgärd) of a maintenance plan; money in öre. */
export type PlanAction = C.PlanAction;
export type PlanCategory = C.PlanCategory;
export type PlanUnit = C.PlanUnit;
export type PlanStatus = C.PlanStatus;
export type Plan = C.Plan;
/** A plan action as sent to `PUT .../plan`: keep an `id` to keep the action; the server computes `total`. */
export type PlanActionInput = C.PlanActionInput;
export type PlanReplaceParams = Body<'/v1/organizations/{id}/plan', 'put'>;

/** `'xlsx'` or `'csv'`, or a media type the import accepts. */
export type PlanImportContentType = 'xlsx' | 'csv' | BodyContentType<'/v1/organizations/{id}/plan/import', 'post'>;

export interface PlanImportParams {
  contentType: PlanImportContentType;
  /** Validate and preview without saving. */
  dryRun?: boolean;
  /** `append` to the plan or `replace` it. */
  mode?: NonNullable<Query<'/v1/organizations/{id}/plan/import', 'post'>['mode']>;
}

/** Row-level import problem; `row` counts as a spreadsheet shows it (header is row 1). */
export type PlanImportIssue = C.PlanImportIssue;
export type PlanImportResult = C.PlanImportResult;
export type PlanImportPreview = C.PlanImportPreview;

/** The wire's comma-separated `status` as the statuses it holds: an array is sent joined by commas. */
type WithStatuses<Q, S extends string> = Omit<Q, 'status'> & { status?: S | readonly S[] };

// ---------------------------------------------------------------- trials

export type TrialStatus = C.TrialStatus;
export type TrialUserRole = C.Role;
export type TrialUser = C.TrialUser;
export type Trial = C.Trial;
/** How much the trial's users use it; `level` by the rules in docs/engagement.md. */
export type TrialEngagement = C.Engagement;
export type EngagementLevel = C.EngagementLevel;
/** Conversion rate by the engagement level trials closed at. */
export type TrialStats = C.TrialStats;
export type TrialUserParams = Body<'/v1/trials/{id}/users', 'post'>;
export type TrialCreateParams = Body<'/v1/trials', 'post'>;
/**
 * `q` searches organization names, users' e-mails and order ids (case- and accent-insensitive; å, ä, ö are letters of
 * their own); `status` takes one status or several (sent comma-separated).
 */
export type TrialListParams = WithStatuses<Query<'/v1/trials', 'get'>, TrialStatus>;
export type TrialExtendParams = Body<'/v1/trials/{id}/extend', 'post'>;
export type TrialUpdateParams = Body<'/v1/trials/{id}', 'patch'>;
export type TrialUserUpdateParams = Body<'/v1/trials/{id}/users/{userId}', 'patch'>;

// ---------------------------------------------------------------- orders

export type OrderStatus = C.OrderStatus;
export type Invoicing = C.Invoicing;
export type Signer = C.Signer;
export type Agreement = NonNullable<C.Order['agreement']>;
export type Order = C.Order;
export type OrderCreateParams = Body<'/v1/trials/{id}/orders', 'post'>;
export type OrderUpdateParams = Body<'/v1/orders/{id}', 'patch'>;
/** `filename`: shown with the order as `agreement.filename`. */
export type AgreementAttachParams = Query<'/v1/orders/{id}/agreement', 'put'>;
export type OrderListParams = Query<'/v1/orders', 'get'>;
export type SignatureRequestParams = Body<'/v1/orders/{id}/signature-request', 'post'>;
export type SignatureRequest = C.SignatureRequest;

// ---------------------------------------------------------------- customers and revenue

export type Customer = C.Customer;
export type CustomerStatus = C.Customer['status'];
/** As `TrialListParams`; `expiringWithinDays` keeps customers whose licence renews within that many days. */
export type CustomerListParams = WithStatuses<Query<'/v1/customers', 'get'>, CustomerStatus>;
/** A customer's user: the same shape as a trial's (they are the trial's users, once converted). */
export type CustomerUser = C.TrialUser;
export type CustomerUserParams = Body<'/v1/customers/{id}/users', 'post'>;
export type CustomerUserUpdateParams = Body<'/v1/customers/{id}/users/{userId}', 'patch'>;
/** What the vendor's cancellation refunds of the current licence year: `none` (the default), `prorata` or `full`. */
export type CustomerCancelParams = C.CustomerCancelInput;

export type RevenueSummary = C.RevenueSummary;
export type RevenueAmounts = C.RevenueSummary['totals'];
export type RevenuePeriod = C.RevenueSummary['periods'][number];
export type RevenueParams = Query<'/v1/revenue', 'get'>;

/** Renewals and weighted open trials ahead, month by month from the current one. */
export type RevenueForecast = C.RevenueForecast;
export type RevenueForecastParams = Query<'/v1/revenue/forecast', 'get'>;
/** The vendor's forecast: every reseller's, or one's with `resellerId`. */
export type AdminRevenueForecastParams = Query<'/v1/admin/revenue/forecast', 'get'>;

/** Every ledger entry of a month or a year with its names and the totals. */
export type RevenueStatement = C.RevenueStatement;
export type RevenueStatementRow = C.RevenueStatement['rows'][number];
/** `json` (the default) a `RevenueStatement`, `csv` the CSV text, `sie` the SIE 4 file's bytes (code page 437). */
export type RevenueStatementFormat = NonNullable<Query<'/v1/revenue/statements/{period}', 'get'>['format']>;
/** What `rk.revenue.statement()` resolves to for each format. */
export type RevenueStatementResult<F extends RevenueStatementFormat> = F extends 'csv' ? string : F extends 'sie' ? ArrayBuffer : RevenueStatement;

/** The accounts a reseller's SIE statements book on; a role left out of an update keeps its BAS default. */
export type SieAccountMap = C.SieAccountMap;
export type SieAccountMapParams = C.SieAccountMapInput;

/** The vendor's end-customer agreement template, and what replaces it. */
export type AgreementTemplate = C.AgreementTemplate;
export type AgreementTemplateParams = C.AgreementTemplateInput;

/**
 * One append-only ledger entry: a licence year of one customer. Hand-written: it only travels as
 * the `revenue.recorded` event payload, which the contract leaves free-form.
 */
export interface RevenueEntry extends RevenueAmounts {
  id: string;
  customerId: string;
  licenceId: string;
  licenceYear: number;
  periodStart: Timestamp;
  currency: string;
  createdAt: Timestamp;
  /** A licence year's sale, or the reversal a cancellation with a refund writes (its amounts negative). */
  kind: 'sale' | 'reversal';
}

// ---------------------------------------------------------------- events and webhooks

/** Every event the outbox writes; webhooks and `GET /v1/events` carry the same types. */
export type EventType = NonNullable<Query<'/v1/events', 'get'>['type']>;

/**
 * Payload (`data`) of each event type: mostly the resource as it was after the change.
 * Hand-written (the contract types `data` as unknown); src/contract-conformance.ts fails the
 * type-check when its keys and `EventType` part ways.
 */
export interface EventDataMap {
  'trial.created': Trial;
  'trial.user_added': { trialId: string; user: TrialUser };
  'trial.user_removed': { trialId: string; user: TrialUser };
  'trial.extended': Trial;
  /** The reseller corrected the customer type. */
  'trial.updated': Trial;
  'trial.expiring': Trial;
  'trial.expired': Trial;
  'trial.cancelled': Trial;
  'trial.purge_scheduled': { trialId: string; organizationId: string; purgeAt: Timestamp };
  'trial.purged': { trialId: string; organizationId: string; purgedAt: Timestamp };
  /** Seven days without activity by any of its users (once per quiet spell). */
  'trial.inactive': Trial;
  /** The trial reached `high` engagement for the first time. */
  'trial.engaged': Trial;
  'order.created': Order;
  'order.submitted': Order;
  'order.approved': Order;
  'order.rejected': Order;
  /** The signer signed on the signing page: the order's agreement now ends with the signature page. */
  'order.agreement_signed': Order;
  'order.agreement_declined': { orderId: string; trialId: string; signer: Signer; reason: string };
  'customer.created': Customer;
  /** The reseller marked the customer to cancel at the period end, or took that back (`cancelAtPeriodEnd`). */
  'customer.updated': Customer;
  'customer.renewed': Customer;
  /** 30 days before the renewal, at today's price: what the renewal's ledger entry will be. */
  'customer.renewal_upcoming': Customer & { renewal: RevenueAmounts & { licenceYear: number; renewsAt: Timestamp; currency: string } };
  'customer.cancelled': Customer;
  'customer.user_added': { customerId: string; trialId: string; user: CustomerUser };
  'customer.user_removed': { customerId: string; trialId: string; user: CustomerUser };
  'customer.purged': { customerId: string; trialId: string; organizationId: string; purgedAt: Timestamp };
  'revenue.recorded': RevenueEntry;
  /** `reverses`: the id of the sale it takes back. */
  'revenue.reversed': RevenueEntry & { refund: 'prorata' | 'full'; reverses: string };
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

/** An entry of the `GET /v1/events` feed, narrowed by `type`. */
export type Event = {
  [K in EventType]: Omit<C.Event, 'type' | 'data'> & { type: K; data: EventDataMap[K] };
}[EventType];

export type EventListParams = Query<'/v1/events', 'get'>;

/** The verified body of a webhook delivery, narrowed by `type`. */
export type WebhookEvent = {
  [K in EventType]: { type: K; timestamp: Timestamp; data: EventDataMap[K] };
}[EventType];

export type WebhookSigning = C.WebhookEndpoint['signing'];

/** A webhook endpoint; `enabledEvents` narrowed from the contract's strings to `EventType`. */
export interface WebhookEndpoint extends Omit<C.WebhookEndpoint, 'enabledEvents'> {
  /** Event-type filter; empty means every event. */
  enabledEvents: EventType[];
}

/** Returned by create and rotate-secret only: the `whsec_…` secret is never shown again. */
export interface WebhookEndpointWithSecret extends WebhookEndpoint, Pick<C.WebhookEndpointWithSecret, 'secret'> {}

export type WebhookEndpointCreateParams = Body<'/v1/webhook-endpoints', 'post'>;
export type WebhookEndpointUpdateParams = Body<'/v1/webhook-endpoints/{id}', 'patch'>;

export type WebhookAttempt = C.WebhookDelivery['attemptLog'][number];

/** One delivery of an event to an endpoint; `eventType` narrowed to `EventType`. */
export interface WebhookDelivery extends Omit<C.WebhookDelivery, 'eventType'> {
  eventType: EventType;
}

export type WebhookDeliveryListParams = Query<'/v1/webhook-endpoints/{id}/deliveries', 'get'>;
export type WebhookRecoverParams = Body<'/v1/webhook-endpoints/{id}/recover', 'post'>;
export type WebhookRecoverResult = C.WebhookRecoverResult;

// ---------------------------------------------------------------- widget and invitations

export type WidgetSessionCreateParams = Body<'/v1/widget-sessions', 'post'>;
export type WidgetSession = C.WidgetSession;

export type InvitationAcceptParams = Body<'/v1/invitations/accept', 'post'>;
/** The accepted user, logged in. */
export type InvitationAcceptResult = C.UserSession;
