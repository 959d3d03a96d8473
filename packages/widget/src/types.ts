/**
 * @module The wire shapes the widget reads: the SDK's types, generated from the server's contract (type-only imports,
 * so nothing of the SDK ends up in the bundle), plus what only the widget has (the host's session callback).
 */
import type { CustomerType, ErrorBody, ListResponse, TrialUser } from '../../sdk/src/types.js';

export type {
  Customer,
  CustomerType,
  ErrorCode,
  Money,
  Order,
  Organization,
  ResellerLicence as Licence,
  RevenueSummary,
  Trial,
  TrialUser,
} from '../../sdk/src/types.js';

export type Page<T> = ListResponse<T>;
export type Role = TrialUser['role'];
export type ApiErrorBody = ErrorBody['error'];

export const CUSTOMER_TYPES = ['brf', 'property_company', 'municipality', 'joint_facility', 'other'] as const satisfies readonly CustomerType[];
export const ROLES = ['editor', 'reader'] as const satisfies readonly Role[];

/** What the host page's `fetchSession` returns. */
export interface WidgetSession {
  token: string;
  /** ISO time or epoch milliseconds; read from the token's `exp` when absent. */
  expiresAt?: string | number;
}

export type FetchSession = () => Promise<WidgetSession>;
