/** @module Vendor endpoints (admin key): resellers and their API keys, licences, order review, customers, revenue. */
import type { RequestOptions } from '../client.js';
import type { PagePromise } from '../pagination.js';
import type {
  AdminOrderListParams,
  AgreementTemplate,
  AgreementTemplateParams,
  ApiKey,
  ApiKeyCreateParams,
  Approval,
  Customer,
  CustomerCancelParams,
  Licence,
  LicenceCreateParams,
  ListParams,
  NewApiKey,
  Order,
  OrderRejectParams,
  Reseller,
  ResellerCreateParams,
  ResellerUpdateParams,
  SieAccountMap,
  SieAccountMapParams,
} from '../types.js';
import { APIResource, path } from './resource.js';
import { AdminRevenue } from './revenue.js';

export class Admin extends APIResource {
  readonly resellers = new AdminResellers(this.client);
  readonly licences = new AdminLicences(this.client);
  readonly orders = new AdminOrders(this.client);
  readonly customers = new AdminCustomers(this.client);
  readonly revenue = new AdminRevenue(this.client);
  readonly agreementTemplate = new AdminAgreementTemplate(this.client);
}

export class AdminResellers extends APIResource {
  create(params: ResellerCreateParams, options?: RequestOptions): Promise<Reseller> {
    return this.client.post('/v1/admin/resellers', params, options);
  }

  list(params: ListParams = {}, options?: RequestOptions): PagePromise<Reseller> {
    return this.client.getList('/v1/admin/resellers', params, options);
  }

  retrieve(id: string, options?: RequestOptions): Promise<Reseller> {
    return this.client.get(path`/v1/admin/resellers/${id}`, undefined, options);
  }

  update(id: string, params: ResellerUpdateParams, options?: RequestOptions): Promise<Reseller> {
    return this.client.patch(path`/v1/admin/resellers/${id}`, params, options);
  }

  /** A new API key for the reseller; `key` (`rk_…`) is shown only this once. */
  createApiKey(resellerId: string, params: ApiKeyCreateParams, options?: RequestOptions): Promise<NewApiKey> {
    return this.client.post(path`/v1/admin/resellers/${resellerId}/api-keys`, params, options);
  }

  /** The reseller's keys, by prefix only. */
  listApiKeys(resellerId: string, options?: RequestOptions): Promise<{ data: ApiKey[] }> {
    return this.client.get(path`/v1/admin/resellers/${resellerId}/api-keys`, undefined, options);
  }

  revokeApiKey(resellerId: string, keyId: string, options?: RequestOptions): Promise<void> {
    return this.client.delete(path`/v1/admin/resellers/${resellerId}/api-keys/${keyId}`, options);
  }

  /** The accounts the reseller's SIE statements book on, BAS defaults filled in. */
  retrieveAccounting(resellerId: string, options?: RequestOptions): Promise<SieAccountMap> {
    return this.client.get(path`/v1/admin/resellers/${resellerId}/accounting`, undefined, options);
  }

  /** Replaces the reseller's account map; a role left out goes back to its BAS default. */
  updateAccounting(resellerId: string, params: SieAccountMapParams, options?: RequestOptions): Promise<SieAccountMap> {
    return this.client.put(path`/v1/admin/resellers/${resellerId}/accounting`, params, options);
  }
}

export class AdminLicences extends APIResource {
  create(params: LicenceCreateParams, options?: RequestOptions): Promise<Licence> {
    return this.client.post('/v1/admin/licences', params, options);
  }

  list(params: ListParams = {}, options?: RequestOptions): PagePromise<Licence> {
    return this.client.getList('/v1/admin/licences', params, options);
  }
}

export class AdminOrders extends APIResource {
  list(params: AdminOrderListParams = {}, options?: RequestOptions): PagePromise<Order> {
    return this.client.getList('/v1/admin/orders', params, options);
  }

  /** Approves: trial converted, customer created, revenue recorded — exactly once. */
  approve(id: string, options?: RequestOptions): Promise<Approval> {
    return this.client.post(path`/v1/admin/orders/${id}/approve`, undefined, options);
  }

  reject(id: string, params: OrderRejectParams, options?: RequestOptions): Promise<Order> {
    return this.client.post(path`/v1/admin/orders/${id}/reject`, params, options);
  }
}

export class AdminCustomers extends APIResource {
  /** Cancels now; `refund` (default `none`) reverses the rest of the licence year (`prorata`) or all of it (`full`). */
  cancel(id: string, params?: CustomerCancelParams, options?: RequestOptions): Promise<Customer> {
    return this.client.post(path`/v1/admin/customers/${id}/cancel`, params, options);
  }
}

export class AdminAgreementTemplate extends APIResource {
  /** The end-customer agreement template orders are drafted from: the shipped Swedish default until one is saved. */
  retrieve(options?: RequestOptions): Promise<AgreementTemplate> {
    return this.client.get('/v1/admin/agreement-template', undefined, options);
  }

  /** Replaces the template; its placeholders are listed in docs/agreements.md. */
  update(params: AgreementTemplateParams, options?: RequestOptions): Promise<AgreementTemplate> {
    return this.client.put('/v1/admin/agreement-template', params, options);
  }
}
