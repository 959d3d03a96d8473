/** @module Row types of every table. Dates are ISO-8601 UTC text, booleans 0/1, JSON text, money integer minor units. */
import type { Generated } from 'kysely';

export interface ResellerTable {
  id: string;
  name: string;
  org_number: string;
  contact_email: string;
  /** Margin in basis points of the list price (25.5 % = 2550): integers keep money exact. */
  discount_bp: number;
  allowed_origins: string;
  created_at: string;
  /** The reseller's SIE account map as JSON; null keeps the BAS defaults. */
  sie_accounts: string | null;
  /** The page of the reseller's own system where it runs the back office; the digest's button links there. */
  portal_url: string | null;
}

export interface ApiKeyTable {
  id: string;
  reseller_id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface LicenceTable {
  id: string;
  name: string;
  customer_type: string;
  price_amount: number;
  currency: string;
  created_at: string;
}

export interface OrganizationTable {
  id: string;
  reseller_id: string;
  name: string;
  org_number: string | null;
  created_at: string;
  updated_at: string;
}

export interface TrialTable {
  id: string;
  reseller_id: string;
  organization_id: string;
  customer_type: string;
  status: string;
  ends_at: string;
  expiring_notified_at: string | null;
  expired_at: string | null;
  purge_warned_at: string | null;
  purged_at: string | null;
  converted_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  /** 1 while this trial holds its organization (active, or converted with a live customer), else NULL: lifecycle/machines.ts. */
  holds_organization: number | null;
  /** What `q` searches: folded name, e-mails and order ids, written only by modules/search/repo.ts (and at creation). */
  search_text: string;
  /** The organization name's Swedish sort key (`sort=name`), written with `search_text`. */
  name_key: string;
  /** The quiet spell (its start, engagement.ts `quietSince`) `trial.inactive` was sent for: once per spell. */
  inactive_notified_since: string | null;
  /** When `trial.engaged` was sent: the first time the trial reached `high`, once. */
  engaged_at: string | null;
  /** The engagement level when the trial converted or expired: the conversion statistics group by it. */
  closed_engagement: string | null;
}

export interface TrialUserTable {
  id: string;
  trial_id: string;
  reseller_id: string;
  email: string;
  role: string;
  status: string;
  invitation_hash: string | null;
  invitation_expires_at: string | null;
  password_hash: string | null;
  accepted_at: string | null;
  created_at: string;
  /** Any activity: accepting, logging in, reading the plan (coalesced to once a minute), editing it. */
  last_activity_at: string | null;
  last_edit_at: string | null;
  plan_edits: Generated<number>;
  /** The last resend of the invitation: at most one a day. */
  invitation_resent_at: string | null;
}

/** One digest e-mail per reseller and day (UTC): the primary key is the claim. */
export interface EngagementDigestTable {
  reseller_id: string;
  day: string;
  sent_at: string;
}

export interface UserSessionTable {
  id: string;
  token_hash: string;
  trial_user_id: string;
  expires_at: string;
  created_at: string;
}

export interface OrderTable {
  id: string;
  reseller_id: string;
  trial_id: string;
  licence_id: string;
  status: string;
  invoicing: string;
  signer: string;
  agreement_sha256: string | null;
  agreement_size: number | null;
  agreement_uploaded_at: string | null;
  /** As the reseller named the file (`?filename=` on upload); null when it sent none. */
  agreement_filename: string | null;
  /** 1 when the agreement was signed on the signing page (signature page appended), 0 when uploaded. */
  agreement_signed_electronically: number;
  rejection_reason: string | null;
  submitted_at: string | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A widget bundle as first served under its version; never changed afterwards. */
export interface WidgetReleaseTable {
  version: string;
  sha256: string;
  content: Uint8Array;
  created_at: string;
}

/** The vendor's agreement template; one row (`id = 'default'`) once the vendor replaced the shipped text. */
export interface AgreementTemplateTable {
  id: string;
  text: string;
  updated_at: string;
}

/** A one-time signing link sent for an order; only the token's SHA-256 is kept. */
export interface SignatureRequestTable {
  id: string;
  order_id: string;
  reseller_id: string;
  trial_id: string;
  signer_name: string;
  signer_email: string;
  token_hash: string;
  auto_submit: number;
  draft: Uint8Array;
  draft_sha256: string;
  /** sent | signed | declined | expired (a superseded or cancelled link is expired with `revoked_at` set). */
  status: string;
  decline_reason: string | null;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
  created_at: string;
}

export interface AgreementTable {
  order_id: string;
  content: Uint8Array;
}

export interface CustomerTable {
  id: string;
  reseller_id: string;
  organization_id: string;
  trial_id: string;
  order_id: string;
  licence_id: string;
  status: string;
  licence_year: number;
  renews_at: string;
  cancelled_at: string | null;
  created_at: string;
  /** When a cancelled customer's personal data was erased (modules/purge/service.ts); the customer row stays for accounting. */
  purged_at: string | null;
  /** 1 when the reseller asked to end the licence with its current year: the renewal job then cancels instead. */
  cancel_at_period_end: Generated<number>;
  /** The licence year whose coming renewal was announced (`customer.renewal_upcoming`), claimed once per year. */
  renewal_notice_year: number | null;
}

export interface RevenueEntryTable {
  id: string;
  reseller_id: string;
  customer_id: string;
  licence_id: string;
  licence_year: number;
  period_start: string;
  currency: string;
  list_price: number;
  reseller_margin: number;
  vendor_amount: number;
  created_at: string;
  /** A sale of a licence year, or the reversal a cancellation writes against it: at most one of each per year. */
  kind: Generated<'sale' | 'reversal'>;
}

export interface EventTable {
  seq: Generated<number>;
  id: string;
  type: string;
  reseller_id: string | null;
  data: string;
  created_at: string;
  /** The account (trial id) the event concerns, if any: a purge redacts its personal data here. */
  trial_id: string | null;
  /** PostgreSQL only: the event's place in the feed, given once it has committed (domain/events.ts); null until then. */
  feed_position: Generated<number | null>;
}

export interface EmailTable {
  id: string;
  to_address: string;
  subject: string;
  /**
   * What the mail says: its checked MailContent (mail/render) as JSON, drawn as text and HTML by the mail worker when
   * it sends. Personal data (names, a declined agreement's reason). Null on mails queued before it, which have `text`.
   */
  content: string | null;
  /** The text part as rendered when queued, on mails queued before `content`; null since. */
  text: string | null;
  /** The HTML part as rendered when queued, on mails queued between HTML mail and `content`; null otherwise. */
  html: string | null;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
  /** The account (trial id) the mail concerns, if any: a purge deletes it. */
  trial_id: string | null;
}

/** One POST's answer for 24 hours; see domain/idempotency-records.ts for what each column holds. */
export interface IdempotencyRecordTable {
  key_hash: string;
  request_hash: string;
  response: string;
  created_at: string;
}

export interface SigningKeyTable {
  id: string;
  alg: string;
  public_jwk: string;
  private_pkcs8: string;
  active: number | null;
  created_at: string;
  retired_at: string | null;
}

export interface WebhookEndpointTable {
  id: string;
  reseller_id: string | null;
  url: string;
  description: string;
  enabled_events: string;
  enabled: number;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: string | null;
  signing: string;
  failing_since: string | null;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveryTable {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: string;
  retrying: number;
  attempts: number;
  next_attempt_at: string;
  lease_until: string | null;
  lease_owner: string | null;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: string | null;
  succeeded_at: string | null;
  created_at: string;
}

export interface WebhookAttemptTable {
  id: string;
  delivery_id: string;
  endpoint_id: string;
  status_code: number | null;
  duration_ms: number;
  response_body: string | null;
  error: string | null;
  at: string;
}

export interface PlanActionTable {
  id: string;
  organization_id: string;
  reseller_id: string;
  position: number;
  property: string;
  building: string;
  category: string;
  location: string;
  action: string;
  year: number;
  interval_years: number | null;
  /** Thousandths of the unit (12,5 m2 = 12 500); bigint, so PostgreSQL returns it as text: read with Number(). */
  quantity_milli: number | string;
  unit: string;
  /** Öre; bigint like quantity_milli. */
  unit_price: number | string;
  status: string;
  marking: string | null;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  actor_kind: string;
  credential_id: string | null;
  reseller_id: string | null;
  request_id: string | null;
  action: string;
  resource_id: string | null;
  at: string;
}

/** Per-day sums of the ledger, maintained in the same transaction as each entry. */
export interface RevenueDailyTable {
  reseller_id: string;
  day: string;
  currency: string;
  list_price: number;
  reseller_margin: number;
  vendor_amount: number;
  entries: number;
  /** The part of the day's figures above that reversals took back (≤ 0): the net hides a sale and its reversal. */
  reversed_list_price: Generated<number>;
  reversed_margin: Generated<number>;
  reversed_vendor_amount: Generated<number>;
}

/** A shared token bucket of an abuse limit (limits/store-limiter.ts); PostgreSQL only in use. */
export interface RateLimitBucketTable {
  key: string;
  tokens: number;
  at_ms: number;
  /** How many tokens the last take claimed (0: refused). */
  taken: number;
}

export interface Database {
  revenue_daily: RevenueDailyTable;
  resellers: ResellerTable;
  api_keys: ApiKeyTable;
  licences: LicenceTable;
  organizations: OrganizationTable;
  trials: TrialTable;
  trial_users: TrialUserTable;
  engagement_digests: EngagementDigestTable;
  user_sessions: UserSessionTable;
  orders: OrderTable;
  agreements: AgreementTable;
  agreement_templates: AgreementTemplateTable;
  signature_requests: SignatureRequestTable;
  widget_releases: WidgetReleaseTable;
  customers: CustomerTable;
  revenue_entries: RevenueEntryTable;
  events: EventTable;
  emails: EmailTable;
  idempotency_records: IdempotencyRecordTable;
  plan_actions: PlanActionTable;
  signing_keys: SigningKeyTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  audit_log: AuditLogTable;
  rate_limit_buckets: RateLimitBucketTable;
}
