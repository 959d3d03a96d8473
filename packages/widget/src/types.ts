/** @module The wire shapes the widget reads (a small subset of the API contract; the SDK is deliberately not a dependency). */

export interface Money {
  amount: number;
  currency: string;
}

export type CustomerType = 'brf' | 'property_company' | 'municipality' | 'joint_facility' | 'other';
export const CUSTOMER_TYPES: CustomerType[] = ['brf', 'property_company', 'municipality', 'joint_facility', 'other'];

export type Role = 'editor' | 'reader';

export interface Organization {
  id: string;
  name: string;
  orgNumber: string | null;
}

export interface TrialUser {
  id: string;
  email: string;
  role: Role;
  status: 'invited' | 'active';
}

export interface Trial {
  id: string;
  organizationId: string;
  organizationName: string;
  customerType: CustomerType;
  status: 'active' | 'expired' | 'purged' | 'converted' | 'cancelled';
  endsAt: string;
  createdAt: string;
  users: TrialUser[];
}

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

export interface Order {
  id: string;
  trialId: string;
  licenceId: string;
  status: 'draft' | 'submitted' | 'approved' | 'rejected';
  invoicing: Invoicing;
  signer: Signer;
  agreement: { sha256: string; size: number; uploadedAt: string } | null;
  rejectionReason: string | null;
  submittedAt: string | null;
  createdAt: string;
}

export interface Licence {
  id: string;
  name: string;
  customerType: CustomerType;
  annualPrice: Money;
  discountPercent: number;
  resellerMargin: Money;
  vendorAmount: Money;
}

export interface Customer {
  id: string;
  organizationName: string;
  licenceName: string;
  annualPrice: Money;
  status: 'active' | 'cancelled';
  renewsAt: string | null;
}

export interface RevenueAmounts {
  listPrice: number;
  resellerMargin: number;
  vendorAmount: number;
}

export interface RevenueSummary {
  currency: string;
  totals: RevenueAmounts;
  periods: (RevenueAmounts & { period: string })[];
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/** What the host page's `fetchSession` returns. */
export interface WidgetSession {
  token: string;
  /** ISO time or epoch milliseconds; read from the token's `exp` when absent. */
  expiresAt?: string | number;
}

export type FetchSession = () => Promise<WidgetSession>;
