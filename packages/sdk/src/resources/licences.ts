/** @module The vendor's licences as a reseller sees them, with its margin. */
import type { RequestOptions } from '../client.js';
import type { PagePromise } from '../pagination.js';
import type { NoParams, ResellerLicence } from '../types.js';
import { APIResource } from './resource.js';

export class Licences extends APIResource {
  /** Every licence on one page: the catalogue is short, so the endpoint takes no `limit` or `cursor`. */
  list(params: NoParams = {}, options?: RequestOptions): PagePromise<ResellerLicence> {
    return this.client.getList('/v1/licences', params, options);
  }
}
