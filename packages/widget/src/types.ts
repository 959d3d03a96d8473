/**
 * @module The wire shapes the widget reads: the SDK's types, generated from the server's contract (type-only imports,
 * so nothing of the SDK ends up in the bundle), plus what only the widget has (the host's session callback).
 */
import type { CustomerType, ErrorBody, ListResponse, RevenueForecast, TrialUser } from '@resellerkit/sdk';

export type {
  Customer,
  CustomerType,
  ErrorCode,
  Money,
  Order,
  Organization,
  ResellerLicence as Licence,
  RevenueForecast,
  RevenueStatementFormat,
  RevenueSummary,
  Trial,
  TrialUser,
} from '@resellerkit/sdk';

export type Page<T> = ListResponse<T>;
export type Role = TrialUser['role'];
export type ApiErrorBody = ErrorBody['error'];

/** Compiles only when `T` is `true`: ties the widget's option lists to the SDK's unions at no cost in the bundle. */
type Assert<T extends true> = T;
/** `true` when the list holds every member of the union. */
type Covers<U, L extends readonly unknown[]> = [Exclude<U, L[number]>] extends [never] ? true : false;

/** The choices the forms offer, in the order they show them; a type the contract adds and the list lacks fails to compile. */
export const CUSTOMER_TYPES = ['brf', 'property_company', 'municipality', 'joint_facility', 'other'] as const satisfies readonly CustomerType[];
export const ROLES = ['editor', 'reader'] as const satisfies readonly Role[];
type CustomerTypesCovered = Assert<Covers<CustomerType, typeof CUSTOMER_TYPES>>;
type RolesCovered = Assert<Covers<Role, typeof ROLES>>;

/** Kunder's forecast: the current month and the eleven after it. */
export const FORECAST_PATH = '/v1/revenue/forecast?months=12';
/** The forecast as Kunder's panel loaded it for the chart, or why it could not. */
export type ForecastAnswer = RevenueForecast | { failed: unknown };

/** What the host page's `fetchSession` returns. */
export interface WidgetSession {
  token: string;
  /** ISO time or epoch milliseconds; read from the token's `exp` when absent. */
  expiresAt?: string | number;
}

export type FetchSession = () => Promise<WidgetSession>;
