/** @module The reseller's revenue, summarised from the ledger by month or year. */
import type { RequestOptions } from '../client.js';
import type { RevenueParams, RevenueSummary } from '../types.js';
import { APIResource } from './resource.js';

export class Revenue extends APIResource {
  retrieve(params: RevenueParams = {}, options?: RequestOptions): Promise<RevenueSummary> {
    return this.client.get('/v1/revenue', params, options);
  }
}
