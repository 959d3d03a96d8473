/** @module Customers (kunder): trials whose order the vendor approved. */
import type { RequestOptions } from '../client.js';
import type { PagePromise } from '../pagination.js';
import type { Customer, CustomerListParams } from '../types.js';
import { APIResource, path } from './resource.js';

export class Customers extends APIResource {
  list(params: CustomerListParams = {}, options?: RequestOptions): PagePromise<Customer> {
    return this.client.getList('/v1/customers', params, options);
  }

  retrieve(id: string, options?: RequestOptions): Promise<Customer> {
    return this.client.get(path`/v1/customers/${id}`, undefined, options);
  }
}
