/** @module Customers (kunder): trials whose order the vendor approved. */
import type { RequestOptions } from '../client.js';
import type { PagePromise } from '../pagination.js';
import type { Customer, CustomerListParams, CustomerUser, CustomerUserParams, CustomerUserUpdateParams } from '../types.js';
import { APIResource, path } from './resource.js';

export class Customers extends APIResource {
  /** Users of a customer (the trial's users, once converted): adding one sends an invitation, removing one revokes access. */
  readonly users = new CustomerUsers(this.client);

  list(params: CustomerListParams = {}, options?: RequestOptions): PagePromise<Customer> {
    return this.client.getList('/v1/customers', params, options);
  }

  retrieve(id: string, options?: RequestOptions): Promise<Customer> {
    return this.client.get(path`/v1/customers/${id}`, undefined, options);
  }

  /** Ends the licence with its current year: it does not renew, and `customer.cancelled` comes at `renewsAt`. */
  cancelAtPeriodEnd(id: string, options?: RequestOptions): Promise<Customer> {
    return this.client.post(path`/v1/customers/${id}/cancel-at-period-end`, undefined, options);
  }

  /** Takes back `cancelAtPeriodEnd` before the period ends (a 409 `period_ended` after): the licence renews again. */
  undoCancelAtPeriodEnd(id: string, options?: RequestOptions): Promise<Customer> {
    return this.client.delete(path`/v1/customers/${id}/cancel-at-period-end`, options);
  }
}

export class CustomerUsers extends APIResource {
  list(customerId: string, options?: RequestOptions): PagePromise<CustomerUser> {
    return this.client.getList(path`/v1/customers/${customerId}/users`, {}, options);
  }

  add(customerId: string, params: CustomerUserParams, options?: RequestOptions): Promise<CustomerUser> {
    return this.client.post(path`/v1/customers/${customerId}/users`, params, options);
  }

  update(customerId: string, userId: string, params: CustomerUserUpdateParams, options?: RequestOptions): Promise<CustomerUser> {
    return this.client.patch(path`/v1/customers/${customerId}/users/${userId}`, params, options);
  }

  remove(customerId: string, userId: string, options?: RequestOptions): Promise<void> {
    return this.client.delete(path`/v1/customers/${customerId}/users/${userId}`, options);
  }
}
