/** @module The reseller's revenue: the summary from the ledger, the forecast ahead, and statements for the books. */
import type { APIRequest, RequestOptions, ResellerKit } from '../client.js';
import type {
  AdminRevenueForecastParams,
  RevenueForecast,
  RevenueForecastParams,
  RevenueParams,
  RevenueStatementFormat,
  RevenueStatementResult,
  RevenueSummary,
  SieAccountMap,
  SieAccountMapParams,
} from '../types.js';
import { APIResource, path } from './resource.js';

/** How each format is asked for and read: a CSV file as text (its BOM kept), a SIE file as bytes (code page 437). */
const STATEMENT_READ = {
  json: { accept: 'application/json', responseType: 'json' },
  csv: { accept: 'text/csv', responseType: 'text' },
  sie: { accept: 'text/plain', responseType: 'arrayBuffer' },
} as const satisfies Record<RevenueStatementFormat, { accept: string; responseType: APIRequest['responseType'] }>;

export class Revenue extends APIResource {
  retrieve(params: RevenueParams = {}, options?: RequestOptions): Promise<RevenueSummary> {
    return this.client.get('/v1/revenue', params, options);
  }

  /** Renewals and open trials (weighted by the conversion rate) for `months` months from the current one (default 12). */
  forecast(params: RevenueForecastParams = {}, options?: RequestOptions): Promise<RevenueForecast> {
    return this.client.get('/v1/revenue/forecast', params, options);
  }

  /**
   * The statement of a month (`2026-11`) or a year (`2026`): a `RevenueStatement` by default, with `format: 'csv'` the
   * CSV text for Excel (BOM first: write it out as UTF-8 unchanged), with `format: 'sie'` the SIE 4 file's bytes.
   */
  statement<F extends RevenueStatementFormat = 'json'>(period: string, params: { format?: F } = {}, options?: RequestOptions): Promise<RevenueStatementResult<F>> {
    return statementRequest(this.client, path`/v1/revenue/statements/${period}`, params, options);
  }

  /** The accounts your SIE statements book on (receivables, payables, sales, purchases), BAS defaults filled in. */
  accounting(options?: RequestOptions): Promise<SieAccountMap> {
    return this.client.get('/v1/revenue/accounting', undefined, options);
  }

  /** Replaces your account map; a role left out goes back to its BAS default (1510, 2440, 3041, 4010). */
  updateAccounting(params: SieAccountMapParams, options?: RequestOptions): Promise<SieAccountMap> {
    return this.client.put('/v1/revenue/accounting', params, options);
  }
}

/** The vendor's view (admin key): every reseller's forecast or one's, and a reseller's statement in the vendor's books. */
export class AdminRevenue extends APIResource {
  forecast(params: AdminRevenueForecastParams = {}, options?: RequestOptions): Promise<RevenueForecast> {
    return this.client.get('/v1/admin/revenue/forecast', params, options);
  }

  statement<F extends RevenueStatementFormat = 'json'>(period: string, params: { resellerId: string; format?: F }, options?: RequestOptions): Promise<RevenueStatementResult<F>> {
    return statementRequest(this.client, path`/v1/admin/revenue/statements/${period}`, params, options);
  }
}

function statementRequest<F extends RevenueStatementFormat>(client: ResellerKit, url: string, query: { format?: F; resellerId?: string }, options?: RequestOptions): Promise<RevenueStatementResult<F>> {
  const read = STATEMENT_READ[query.format ?? 'json'];
  return client.request({ method: 'GET', path: url, query, responseType: read.responseType }, { ...options, headers: { Accept: read.accept, ...options?.headers } });
}
