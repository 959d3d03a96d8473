/**
 * @module generated — do not edit. Types of the resellerkit API contract (resellerkit API 1.0.0).
 *
 * Written by scripts/generate-types.ts from the server's live `GET /openapi.json` (its zod schemas);
 * a test fails when this file drifts from the server. Regenerate: `npm run generate -w @resellerkit/sdk`.
 */

export interface Health {
  status: 'ok' | 'unavailable';
  store?: 'sqlite' | 'postgres';
}

export interface Reseller {
  id: string;
  name: string;
  orgNumber: string;
  contactEmail: string;
  discountPercent: number;
  allowedOrigins: string[];
  /** The page of your own system where you run the back office (trials, customers); the daily trial digest links there. Null when not set. */
  portalUrl: string | null;
  createdAt: string;
}

export interface Error {
  error: {
    type: string;
    /** Why a person's request was refused, stable across releases (docs/api.md lists them); absent where `type` says enough. */
    code?: 'organization_has_account' | 'user_exists' | 'duplicate_email' | 'too_many_users' | 'trial_too_long' | 'trial_not_open' | 'trial_has_submitted_order' | 'order_in_progress' | 'order_not_editable' | 'unknown_licence' | 'licence_customer_type_mismatch' | 'agreement_not_pdf' | 'agreement_too_large' | 'agreement_missing' | 'changed_meanwhile' | 'invalid_state' | 'period_ended' | 'origin_not_allowed' | 'session_origin_mismatch' | 'session_invalid';
    message: string;
    issues?: {
      path?: (string | number)[];
      row?: number;
      column?: string;
      message: string;
    }[];
    requestId: string;
  };
}

export type OrgNumber = string;

export type Email = string;

export interface ResellerList {
  data: Reseller[];
  nextCursor: string | null;
}

export interface NewApiKey {
  id: string;
  name: string;
  /** Shown once. */
  key: string;
  prefix: string;
  createdAt: string;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface Licence {
  id: string;
  name: string;
  customerType: CustomerType;
  annualPrice: Money;
  createdAt: string;
}

export type CustomerType = 'brf' | 'property_company' | 'municipality' | 'joint_facility' | 'other';

export interface Money {
  /** Minor units (öre). */
  amount: number;
  currency: string;
}

export interface LicenceList {
  data: Licence[];
  nextCursor: string | null;
}

export interface OrderList {
  data: Order[];
  nextCursor: string | null;
}

export interface Order {
  id: string;
  trialId: string;
  licenceId: string;
  status: OrderStatus;
  invoicing: Invoicing;
  signer: Signer;
  agreement: {
    sha256: string;
    size: number;
    uploadedAt: string;
    /** The file name sent on upload (`?filename=`). */
    filename: string | null;
    /** True when the signer signed on the signing page (the PDF ends with its signature page); false for an uploaded PDF. */
    signedElectronically: boolean;
  } | null;
  rejectionReason: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

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

export interface Approval {
  order: Order;
  customer: Customer;
}

export interface Customer {
  id: string;
  organizationId: string;
  organizationName: string;
  trialId: string;
  orderId: string;
  licenceId: string;
  licenceName: string;
  annualPrice: Money;
  status: 'active' | 'cancelled';
  licenceYear: number;
  renewsAt: string | null;
  /** The reseller has asked to end the licence with its current year: it does not renew, and is cancelled at `renewsAt`. */
  cancelAtPeriodEnd: boolean;
  cancelledAt: string | null;
  createdAt: string;
}

export interface CustomerCancelInput {
  /** What the cancellation refunds of the current licence year. */
  refund?: 'none' | 'prorata' | 'full';
}

export interface AuditLog {
  data: AuditEntry[];
  nextCursor: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  /** admin, reseller, public (no credential, e.g. accepting an invitation) or system (scheduler, workers). */
  actorKind: string;
  /** The API key's id, `admin`, or `widget:<jti>` for a widget session. */
  credentialId: string | null;
  resellerId: string | null;
  requestId: string | null;
  action: string;
  resourceId: string | null;
}

export interface Organization {
  id: string;
  name: string;
  orgNumber: string | null;
  /** The trial holding the organization: `active` (an open trial) or `converted` (its live customer). While set, a new trial for it is refused (`organization_has_account`). */
  heldBy: {
    trialId: string;
    status: TrialStatus;
  } | null;
  createdAt: string;
  updatedAt: string;
}

export type TrialStatus = 'active' | 'expired' | 'purged' | 'converted' | 'cancelled';

export interface OrganizationList {
  data: Organization[];
  nextCursor: string | null;
}

export interface Plan {
  organizationId: string;
  actions: PlanAction[];
  totals: {
    /** Sum of every action total, in öre. */
    cost: number;
  };
}

export interface PlanAction {
  id: string;
  /** Fastighet */
  property: string;
  /** Byggnad */
  building: string;
  /** Läge */
  location: string;
  /** Åtgärd */
  action: string;
  /** År */
  year: number;
  /** Intervall i år; null när åtgärden inte återkommer. */
  intervalYears: number | null;
  /** Mängd, exact to three decimals. */
  quantity: number;
  /** Styckpris in öre. */
  unitPrice: number;
  /** Märkning */
  marking: string | null;
  category: PlanCategory;
  unit: PlanUnit;
  /** quantity × unitPrice in öre, rounded to whole öre. */
  total: number;
  status: PlanStatus;
}

/** The vendor's fixed categories. Input is matched case-insensitively. */
export type PlanCategory = 'Mark' | 'Stomme och grund' | 'Fasad' | 'Yttertak' | 'Fönster och dörrar' | 'Balkonger och loftgångar' | 'Trapphus och entréer' | 'Invändigt' | 'Ventilation' | 'Vatten' | 'Avlopp' | 'Avfall' | 'Värme och kyla' | 'El och belysning' | 'Hiss' | 'Gemensamma utrymmen';

export type PlanUnit = 'm' | 'm2' | 'm3' | 'st' | 'kg' | 'ton' | 'l' | 'tim' | 'lpm' | 'lgh' | 'post';

export type PlanStatus = 'utkast' | 'planerad' | 'akut' | 'eftersatt' | 'utförd';

export interface PlanInput {
  actions: PlanActionInput[];
}

export interface PlanActionInput {
  /** Keep an existing action's id; leave out for a new action. */
  id?: string;
  property: string;
  building: string;
  /** One of PlanCategory, any case. */
  category: string;
  location: string;
  action: string;
  year: number;
  intervalYears?: number | null;
  /** At most three decimals. */
  quantity: number;
  unit: string;
  /** Öre. */
  unitPrice: number;
  /** Defaults to planerad. */
  status?: string | null;
  marking?: string | null;
}

export interface PlanImportResult {
  imported: number;
  errors: PlanImportIssue[];
}

export interface PlanImportIssue {
  /** As a spreadsheet shows it; the header is row 1. */
  row: number;
  column: string;
  message: string;
}

export interface PlanImportPreview {
  dryRun: true;
  rows: {
    /** Fastighet */
    property: string;
    /** Byggnad */
    building: string;
    /** Läge */
    location: string;
    /** Åtgärd */
    action: string;
    /** År */
    year: number;
    /** Intervall i år; null när åtgärden inte återkommer. */
    intervalYears: number | null;
    /** Mängd, exact to three decimals. */
    quantity: number;
    /** Styckpris in öre. */
    unitPrice: number;
    /** Märkning */
    marking: string | null;
    category: PlanCategory;
    unit: PlanUnit;
    /** quantity × unitPrice in öre, rounded to whole öre. */
    total: number;
    status: PlanStatus;
    row: number;
  }[];
  errors: PlanImportIssue[];
}

export interface TrialStats {
  levels: {
    level: EngagementLevel;
    converted: number;
    expired: number;
    /** converted / (converted + expired), 0 to 1; null with no closed trials. */
    conversionRate: number | null;
  }[];
}

/** The level the trial had when it converted or expired. */
export type EngagementLevel = 'none' | 'low' | 'medium' | 'high';

export interface TrialUser {
  id: string;
  email: string;
  role: Role;
  status: 'invited' | 'active';
  /** When the user accepted the invitation; null while invited. */
  acceptedAt: string | null;
  /** Last login, plan read (recorded at most once a minute) or plan edit; null if none. */
  lastActivityAt: string | null;
  /** Last time the user saved or imported the plan. */
  lastEditAt: string | null;
  /** How many times the user saved or imported the plan. */
  planEdits: number;
}

export type Role = 'editor' | 'reader';

export interface Trial {
  id: string;
  organizationId: string;
  organizationName: string;
  customerType: CustomerType;
  status: TrialStatus;
  endsAt: string;
  expiredAt: string | null;
  createdAt: string;
  users: TrialUser[];
  engagement: Engagement;
}

export interface Engagement {
  invited: number;
  accepted: number;
  /** Users with any activity in the last 7 days. */
  activeUsers7d: number;
  lastActivityAt: string | null;
  /** Plan saves and imports by the users, in all. */
  planEdits: number;
  level: EngagementLevel;
}

export interface UserInput {
  email: Email;
  role?: Role;
}

export interface TrialList {
  data: Trial[];
  nextCursor: string | null;
}

export interface UserRoleInput {
  role: Role;
}

export interface AgreementTemplate {
  text: string;
  /** True while the vendor has not replaced the shipped Swedish template. */
  isDefault: boolean;
  updatedAt: string | null;
}

export interface AgreementTemplateInput {
  /** The agreement text, at most 50000 characters. Placeholders: {{vendor.name}}, {{vendor.orgNumber}}, {{reseller.name}}, {{reseller.orgNumber}}, {{organization.name}}, {{organization.orgNumber}}, {{invoicing.name}}, {{invoicing.orgNumber}}, {{invoicing.address}}, {{invoicing.reference}}, {{invoicing.email}}, {{licence.name}}, {{licence.annualPrice}}, {{term.startsOn}}, {{term.months}}, {{signer.name}}, {{signer.email}}, {{order.id}}, {{date}}. A line starting with "# " is the title, "## " a section heading. */
  text: string;
}

export interface SignatureRequest {
  /** `sent` while the link waits; `expired` also when a newer link, a correction, an upload or a cancel withdrew it. */
  status: 'sent' | 'signed' | 'declined' | 'expired';
  signerEmail: string;
  /** The link works once, until this instant (14 days). */
  expiresAt: string;
  autoSubmit: boolean;
  /** What the signer wrote when declining. */
  declineReason: string | null;
}

export interface SignatureRequestInput {
  /** Who signs for the customer; defaults to the order's signer, and replaces it when given. */
  signer?: {
    name: string;
    email: Email;
  };
  /** Submit the order for the vendor's review as soon as the agreement is signed. */
  autoSubmit?: boolean;
}

export interface CustomerList {
  data: Customer[];
  nextCursor: string | null;
}

export interface UserList {
  data: TrialUser[];
  nextCursor: string | null;
}

export interface ResellerLicenceList {
  data: ResellerLicence[];
}

export type ResellerLicence = Licence & {
  discountPercent: number;
  resellerMargin: Money;
  vendorAmount: Money;
};

export interface RevenueSummary {
  currency: string;
  groupBy: 'month' | 'year';
  totals: {
    listPrice: number;
    resellerMargin: number;
    vendorAmount: number;
  };
  periods: {
    period: string;
    listPrice: number;
    resellerMargin: number;
    vendorAmount: number;
    /** The part of the period’s (net) figures that reversals took back, each ≤ 0; what was sold is the figure less this. A month with a sale and a reversal of the same size nets to 0 but shows both here. */
    reversals: {
      listPrice: number;
      resellerMargin: number;
      vendorAmount: number;
    };
  }[];
}

export interface RevenueForecast {
  currency: string;
  months: {
    month: string;
    /** Licence years renewing this month, at the current price. */
    renewals: {
      /** Öre. */
      listPrice: number;
      /** Öre. */
      resellerMargin: number;
      /** Öre. */
      vendorAmount: number;
    };
    /** Open trials ending this month, weighted by the conversion rate. */
    pipeline: {
      /** Öre. */
      listPrice: number;
      /** Öre. */
      resellerMargin: number;
      /** Öre. */
      vendorAmount: number;
    };
  }[];
  pipeline: {
    openTrials: number;
    conversionRate: number;
    /** `default` while there are fewer than 10 closed trials in the last 12 months. */
    basis: 'measured' | 'default';
  };
}

export interface RevenueStatement {
  period: string;
  /** Inclusive, ISO-8601 UTC. */
  from: string;
  /** Exclusive, ISO-8601 UTC. */
  to: string;
  currency: string;
  reseller: {
    id: string;
    name: string;
    orgNumber: string;
  };
  rows: {
    /** Öre. */
    listPrice: number;
    /** Öre. */
    resellerMargin: number;
    /** Öre. */
    vendorAmount: number;
    entryId: string;
    /** YYYY-MM-DD (UTC) of the entry. */
    date: string;
    kind: 'sale' | 'reversal';
    customerId: string;
    customerName: string;
    licenceId: string;
    licenceName: string;
    licenceYear: number;
  }[];
  totals: {
    /** Öre. */
    listPrice: number;
    /** Öre. */
    resellerMargin: number;
    /** Öre. */
    vendorAmount: number;
  };
}

export interface SieAccountMap {
  receivables: {
    number: string;
    name: string;
  };
  payables: {
    number: string;
    name: string;
  };
  sales: {
    number: string;
    name: string;
  };
  purchases: {
    number: string;
    name: string;
  };
}

export interface SieAccountMapInput {
  receivables?: {
    number: string;
    name: string;
  };
  payables?: {
    number: string;
    name: string;
  };
  sales?: {
    number: string;
    name: string;
  };
  purchases?: {
    number: string;
    name: string;
  };
}

export interface EventList {
  data: Event[];
  nextCursor: string | null;
}

export interface Event {
  id: string;
  type: string;
  createdAt: string;
  data?: unknown;
}

export interface UserSession {
  user: {
    id: string;
    email: string;
    role: string;
    trialId: string;
  };
  session: {
    token: string;
    expiresAt: string;
  };
}

export interface Me {
  userId: string;
  email: string;
  role: string;
  trialId: string;
  organizationId: string;
  status: string;
}

export type WebhookEndpointWithSecret = WebhookEndpoint & {
  /** whsec_… signing secret; shown only here. */
  secret: string;
};

export interface WebhookEndpoint {
  id: string;
  /** Null for the vendor's endpoints, which receive every reseller's events. */
  resellerId: string | null;
  url: string;
  description: string;
  enabledEvents: string[];
  enabled: boolean;
  signing: 'hmac' | 'hmac+ed25519';
  /** whpk_… Ed25519 public key for v1a signatures. */
  publicKey: string | null;
  /** Until then the previous secret also signs. */
  secretRotationEndsAt: string | null;
  failingSince: string | null;
  disabledReason: 'manual' | 'failing' | 'gone' | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookEndpointInput {
  url: string;
  description?: string;
  /** Event types to receive; empty means all. */
  enabledEvents?: ('trial.created' | 'trial.user_added' | 'trial.user_removed' | 'trial.extended' | 'trial.updated' | 'trial.expiring' | 'trial.expired' | 'trial.cancelled' | 'trial.purge_scheduled' | 'trial.purged' | 'trial.inactive' | 'trial.engaged' | 'order.created' | 'order.submitted' | 'order.approved' | 'order.rejected' | 'order.agreement_signed' | 'order.agreement_declined' | 'customer.created' | 'customer.updated' | 'customer.renewed' | 'customer.renewal_upcoming' | 'customer.cancelled' | 'customer.user_added' | 'customer.user_removed' | 'customer.purged' | 'revenue.recorded' | 'revenue.reversed' | 'plan.imported' | 'webhook.test')[];
  /** 'hmac+ed25519' adds a v1a Ed25519 signature (key at /.well-known/jwks.json). Default 'hmac'. */
  signing?: 'hmac' | 'hmac+ed25519';
}

export interface WebhookEndpointList {
  data: WebhookEndpoint[];
  nextCursor: string | null;
}

export interface WebhookEndpointPatch {
  url?: string;
  description?: string;
  /** Event types to receive; empty means all. */
  enabledEvents?: ('trial.created' | 'trial.user_added' | 'trial.user_removed' | 'trial.extended' | 'trial.updated' | 'trial.expiring' | 'trial.expired' | 'trial.cancelled' | 'trial.purge_scheduled' | 'trial.purged' | 'trial.inactive' | 'trial.engaged' | 'order.created' | 'order.submitted' | 'order.approved' | 'order.rejected' | 'order.agreement_signed' | 'order.agreement_declined' | 'customer.created' | 'customer.updated' | 'customer.renewed' | 'customer.renewal_upcoming' | 'customer.cancelled' | 'customer.user_added' | 'customer.user_removed' | 'customer.purged' | 'revenue.recorded' | 'revenue.reversed' | 'plan.imported' | 'webhook.test')[];
  enabled?: boolean;
}

export interface WebhookDelivery {
  /** The webhook-id header: the same on every attempt. */
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed' | 'disabled';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  succeededAt: string | null;
  createdAt: string;
  attemptLog: {
    at: string;
    statusCode: number | null;
    durationMs: number;
    /** First KB of the response. */
    responseBody: string | null;
    error: string | null;
  }[];
}

export interface WebhookDeliveryList {
  data: WebhookDelivery[];
  nextCursor: string | null;
}

export interface WebhookRecoverResult {
  recovered: number;
}

export interface WebhookRecoverInput {
  since: string;
}

export interface Jwks {
  keys: Jwk[];
}

export interface Jwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface WidgetSession {
  /** EdDSA JWT for `Authorization: Bearer`; only accepted from `origin`. */
  token: string;
  expiresAt: string;
}

/** Every operation: `query` parameters, request `body` and its content types, and the success `response`. */
export interface Paths {
  '/healthz': {
    get: {
      response: Health;
    };
  };
  '/v1/admin/resellers': {
    get: {
      query: {
        limit?: number;
        cursor?: string;
      };
      response: ResellerList;
    };
    post: {
      bodyContentType: 'application/json';
      body: {
        name: string;
        orgNumber: OrgNumber;
        contactEmail: Email;
        discountPercent: number;
        allowedOrigins?: string[];
        /** The page of the reseller's own system where it runs the back office (where `<resellerkit-portal>` is embedded); the daily trial digest links there. `null` clears it. */
        portalUrl?: string | null;
      };
      response: Reseller;
    };
  };
  '/v1/admin/resellers/{id}': {
    get: {
      response: Reseller;
    };
    patch: {
      bodyContentType: 'application/json';
      body: {
        name?: string;
        orgNumber?: OrgNumber;
        contactEmail?: Email;
        discountPercent?: number;
        allowedOrigins?: string[];
        /** The page of the reseller's own system where it runs the back office (where `<resellerkit-portal>` is embedded); the daily trial digest links there. `null` clears it. */
        portalUrl?: string | null;
      };
      response: Reseller;
    };
  };
  '/v1/admin/resellers/{id}/api-keys': {
    get: {
      response: {
        data: ApiKey[];
      };
    };
    post: {
      bodyContentType: 'application/json';
      body: {
        name?: string;
      };
      response: NewApiKey;
    };
  };
  '/v1/admin/resellers/{id}/api-keys/{keyId}': {
    delete: {
      response: void;
    };
  };
  '/v1/admin/licences': {
    get: {
      query: {
        limit?: number;
        cursor?: string;
      };
      response: LicenceList;
    };
    post: {
      bodyContentType: 'application/json';
      body: {
        name: string;
        customerType: CustomerType;
        annualPrice: {
          amount: number;
          currency: 'SEK';
        };
      };
      response: Licence;
    };
  };
  '/v1/admin/orders': {
    get: {
      query: {
        limit?: number;
        cursor?: string;
        status?: OrderStatus;
      };
      response: OrderList;
    };
  };
  '/v1/admin/orders/{id}/approve': {
    post: {
      response: Approval;
    };
  };
  '/v1/admin/orders/{id}/reject': {
    post: {
      bodyContentType: 'application/json';
      body: {
        /** Shown to the reseller and quoted in the e-mail; may span lines. */
        reason: string;
      };
      response: Order;
    };
  };
  '/v1/admin/customers/{id}/cancel': {
    post: {
      bodyContentType: 'application/json';
      body?: CustomerCancelInput;
      response: Customer;
    };
  };
  '/v1/admin/audit-log': {
    get: {
      query: {
        limit?: number;
        cursor?: string;
        resourceId?: string;
      };
      response: AuditLog;
    };
  };
  '/v1/organizations': {
    get: {
      query: {
        limit?: number;
        cursor?: string;
      };
      response: OrganizationList;
    };
    post: {
      bodyContentType: 'application/json';
      body: {
        name: string;
        orgNumber?: OrgNumber | null;
      };
      response: Organization;
    };
  };
  '/v1/organizations/{id}': {
    get: {
      response: Organization;
    };
    patch: {
      bodyContentType: 'application/json';
      body: {
        name?: string;
        orgNumber?: OrgNumber | null;
      };
      response: Organization;
    };
  };
  '/v1/organizations/{id}/plan': {
    get: {
      response: Plan;
    };
    put: {
      bodyContentType: 'application/json';
      body: PlanInput;
      response: Plan;
    };
  };
  '/v1/organizations/{id}/plan/import': {
    post: {
      query: {
        /** Validate and preview without writing. */
        dryRun?: 'true' | 'false';
        /** append (default) adds to the plan; replace swaps the whole plan. */
        mode?: 'append' | 'replace';
      };
      bodyContentType: 'text/csv' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' | 'application/octet-stream';
      response: PlanImportResult | PlanImportPreview;
    };
  };
  '/v1/plan-import-template': {
    get: {
      response: ArrayBuffer;
    };
  };
  '/v1/me/plan': {
    get: {
      response: Plan;
    };
    put: {
      bodyContentType: 'application/json';
      body: PlanInput;
      response: Plan;
    };
  };
  '/v1/trials/stats': {
    get: {
      response: TrialStats;
    };
  };
  '/v1/trials/{id}/users/{userId}/resend': {
    post: {
      response: TrialUser;
    };
  };
  '/v1/trials': {
    get: {
      query: {
        limit?: number;
        cursor?: string;
        /** One or more of active, expired, purged, converted, cancelled, comma-separated. */
        status?: string;
        organizationId?: string;
        /** Part of the organization name, a user e-mail or an order id; case- and accent-insensitive (`e` finds `é`), but å, ä and ö are letters of their own (`a` does not find `å`). */
        q?: string;
        /** Trials whose trial period ends, or customers whose licence renews, within this many days from now. */
        expiringWithinDays?: number;
        /** `newest` first (the default), or by organization `name` in Swedish order (å, ä, ö after z); the cursor works with either. */
        sort?: 'newest' | 'name';
        /** Only trials at these engagement levels (none, low, medium, high), comma-separated. */
        engagement?: string;
      };
      response: TrialList;
    };
    post: {
      bodyContentType: 'application/json';
      body: {
        organizationId: string;
        customerType: CustomerType;
        users: UserInput[];
        /** Default 30. */
        durationDays?: number;
      };
      response: Trial;
    };
  };
  '/v1/trials/{id}': {
    get: {
      response: Trial;
    };
    patch: {
      bodyContentType: 'application/json';
      body: {
        customerType: CustomerType;
      };
      response: Trial;
    };
  };
  '/v1/trials/{id}/users': {
    post: {
      bodyContentType: 'application/json';
      body: UserInput;
      response: TrialUser;
    };
  };
  '/v1/trials/{id}/users/{userId}': {
    patch: {
      bodyContentType: 'application/json';
      body: UserRoleInput;
      response: TrialUser;
    };
    delete: {
      response: void;
    };
  };
  '/v1/trials/{id}/extend': {
    post: {
      bodyContentType: 'application/json';
      body: {
        days: number;
      };
      response: Trial;
    };
  };
  '/v1/trials/{id}/cancel': {
    post: {
      response: Trial;
    };
  };
  '/v1/trials/{id}/orders': {
    post: {
      bodyContentType: 'application/json';
      body: {
        licenceId: string;
        invoicing: {
          name: string;
          orgNumber: OrgNumber;
          email: Email;
          reference?: string;
        };
        signer: {
          name: string;
          email: Email;
        };
      };
      response: Order;
    };
  };
  '/v1/orders': {
    get: {
      query: {
        limit?: number;
        cursor?: string;
        status?: OrderStatus;
        trialId?: string;
      };
      response: OrderList;
    };
  };
  '/v1/orders/{id}': {
    get: {
      response: Order;
    };
    patch: {
      bodyContentType: 'application/json';
      body: {
        licenceId?: string;
        invoicing?: {
          name: string;
          orgNumber: OrgNumber;
          email: Email;
          reference?: string;
        };
        signer?: {
          name: string;
          email: Email;
        };
      };
      response: Order;
    };
  };
  '/v1/orders/{id}/agreement': {
    get: {
      response: ArrayBuffer;
    };
    put: {
      query: {
        /** The file name to show with the order, e.g. `avtal-signerat.pdf`. */
        filename?: string;
      };
      bodyContentType: 'application/pdf';
      response: Order;
    };
  };
  '/v1/orders/{id}/submit': {
    post: {
      response: Order;
    };
  };
  '/v1/admin/agreement-template': {
    get: {
      response: AgreementTemplate;
    };
    put: {
      bodyContentType: 'application/json';
      body: AgreementTemplateInput;
      response: AgreementTemplate;
    };
  };
  '/v1/orders/{id}/agreement-draft': {
    get: {
      response: ArrayBuffer;
    };
  };
  '/v1/orders/{id}/signature-request': {
    get: {
      response: SignatureRequest;
    };
    post: {
      bodyContentType: 'application/json';
      body: SignatureRequestInput;
      response: SignatureRequest;
    };
    delete: {
      response: void;
    };
  };
  '/v1/customers': {
    get: {
      query: {
        limit?: number;
        cursor?: string;
        /** One or more of active, cancelled, comma-separated. */
        status?: string;
        /** Part of the organization name, a user e-mail or an order id; case- and accent-insensitive (`e` finds `é`), but å, ä and ö are letters of their own (`a` does not find `å`). */
        q?: string;
        /** Trials whose trial period ends, or customers whose licence renews, within this many days from now. */
        expiringWithinDays?: number;
        /** `newest` first (the default), or by organization `name` in Swedish order (å, ä, ö after z); the cursor works with either. */
        sort?: 'newest' | 'name';
      };
      response: CustomerList;
    };
  };
  '/v1/customers/{id}': {
    get: {
      response: Customer;
    };
  };
  '/v1/customers/{id}/cancel-at-period-end': {
    post: {
      response: Customer;
    };
    delete: {
      response: Customer;
    };
  };
  '/v1/customers/{id}/users': {
    get: {
      response: UserList;
    };
    post: {
      bodyContentType: 'application/json';
      body: UserInput;
      response: TrialUser;
    };
  };
  '/v1/customers/{id}/users/{userId}': {
    patch: {
      bodyContentType: 'application/json';
      body: UserRoleInput;
      response: TrialUser;
    };
    delete: {
      response: void;
    };
  };
  '/v1/licences': {
    get: {
      response: ResellerLicenceList;
    };
  };
  '/v1/revenue': {
    get: {
      query: {
        /** Inclusive start of the licence periods counted. */
        from?: string;
        /** Exclusive end. */
        to?: string;
        groupBy?: 'month' | 'year';
        /** Vendor admin only: one reseller. */
        resellerId?: string;
      };
      response: RevenueSummary;
    };
  };
  '/v1/revenue/forecast': {
    get: {
      query: {
        /** How many months ahead, the current one first. */
        months?: number;
      };
      response: RevenueForecast;
    };
  };
  '/v1/admin/revenue/forecast': {
    get: {
      query: {
        /** How many months ahead, the current one first. */
        months?: number;
        /** Only this reseller; every reseller when left out. */
        resellerId?: string;
      };
      response: RevenueForecast;
    };
  };
  '/v1/revenue/statements/{period}': {
    get: {
      query: {
        /** `csv` for a spreadsheet (UTF-8 with BOM, `;`, decimal comma), `sie` for an accounting program (SIE 4, code page 437). */
        format?: 'json' | 'csv' | 'sie';
      };
      response: RevenueStatement;
    };
  };
  '/v1/admin/revenue/statements/{period}': {
    get: {
      query: {
        /** `csv` for a spreadsheet (UTF-8 with BOM, `;`, decimal comma), `sie` for an accounting program (SIE 4, code page 437). */
        format?: 'json' | 'csv' | 'sie';
        /** The reseller whose statement it is. */
        resellerId: string;
      };
      response: RevenueStatement;
    };
  };
  '/v1/revenue/accounting': {
    get: {
      response: SieAccountMap;
    };
    put: {
      bodyContentType: 'application/json';
      body: SieAccountMapInput;
      response: SieAccountMap;
    };
  };
  '/v1/admin/resellers/{id}/accounting': {
    get: {
      response: SieAccountMap;
    };
    put: {
      bodyContentType: 'application/json';
      body: SieAccountMapInput;
      response: SieAccountMap;
    };
  };
  '/v1/events': {
    get: {
      query: {
        /** The `nextCursor` of the previous page: continue there. */
        cursor?: string;
        /** Resume after this event id (instead of `cursor`). */
        after?: string;
        type?: 'trial.created' | 'trial.user_added' | 'trial.user_removed' | 'trial.extended' | 'trial.updated' | 'trial.expiring' | 'trial.expired' | 'trial.cancelled' | 'trial.purge_scheduled' | 'trial.purged' | 'trial.inactive' | 'trial.engaged' | 'order.created' | 'order.submitted' | 'order.approved' | 'order.rejected' | 'order.agreement_signed' | 'order.agreement_declined' | 'customer.created' | 'customer.updated' | 'customer.renewed' | 'customer.renewal_upcoming' | 'customer.cancelled' | 'customer.user_added' | 'customer.user_removed' | 'customer.purged' | 'revenue.recorded' | 'revenue.reversed' | 'plan.imported' | 'webhook.test';
        limit?: number;
      };
      response: EventList;
    };
  };
  '/v1/invitations/accept': {
    post: {
      bodyContentType: 'application/json';
      body: {
        token: string;
        password: string;
      };
      response: UserSession;
    };
  };
  '/v1/login': {
    post: {
      bodyContentType: 'application/json';
      body: {
        email: Email;
        password: string;
      };
      response: UserSession;
    };
  };
  '/v1/me': {
    get: {
      response: Me;
    };
  };
  '/v1/webhook-endpoints': {
    get: {
      query: {
        limit?: number;
        cursor?: string;
      };
      response: WebhookEndpointList;
    };
    post: {
      bodyContentType: 'application/json';
      body: WebhookEndpointInput;
      response: WebhookEndpointWithSecret;
    };
  };
  '/v1/webhook-endpoints/{id}': {
    get: {
      response: WebhookEndpoint;
    };
    patch: {
      bodyContentType: 'application/json';
      body: WebhookEndpointPatch;
      response: WebhookEndpoint;
    };
    delete: {
      response: void;
    };
  };
  '/v1/webhook-endpoints/{id}/rotate-secret': {
    post: {
      response: WebhookEndpointWithSecret;
    };
  };
  '/v1/webhook-endpoints/{id}/test': {
    post: {
      response: WebhookDelivery;
    };
  };
  '/v1/webhook-endpoints/{id}/deliveries': {
    get: {
      query: {
        limit?: number;
        cursor?: string;
        status?: 'pending' | 'succeeded' | 'failed' | 'disabled';
      };
      response: WebhookDeliveryList;
    };
  };
  '/v1/webhook-endpoints/{id}/recover': {
    post: {
      bodyContentType: 'application/json';
      body: WebhookRecoverInput;
      response: WebhookRecoverResult;
    };
  };
  '/v1/webhook-deliveries/{id}/retry': {
    post: {
      response: WebhookDelivery;
    };
  };
  '/.well-known/jwks.json': {
    get: {
      response: Jwks;
    };
  };
  '/v1/widget-sessions': {
    post: {
      bodyContentType: 'application/json';
      body: {
        /** The page origin the widget runs on; must be one of the reseller's allowedOrigins. */
        origin: string;
        /** Your own signed-in user, carried in the token for the audit trail. */
        user?: {
          id?: string;
          email?: Email;
          name?: string;
        };
      };
      response: WidgetSession;
    };
  };
}
