/** @module Webhook endpoints (secrets, rotation, test sends, delivery log, recovery) and delivery retries. */
import type { RequestOptions } from '../client.js';
import type { PagePromise } from '../pagination.js';
import type {
  ListParams,
  WebhookDelivery,
  WebhookDeliveryListParams,
  WebhookEndpoint,
  WebhookEndpointCreateParams,
  WebhookEndpointUpdateParams,
  WebhookEndpointWithSecret,
  WebhookRecoverParams,
  WebhookRecoverResult,
} from '../types.js';
import { APIResource, path } from './resource.js';

export class WebhookEndpoints extends APIResource {
  /** Creates an endpoint; the answer carries the `whsec_…` secret, shown only this once. */
  create(params: WebhookEndpointCreateParams, options?: RequestOptions): Promise<WebhookEndpointWithSecret> {
    return this.client.post('/v1/webhook-endpoints', params, options);
  }

  list(params: ListParams = {}, options?: RequestOptions): PagePromise<WebhookEndpoint> {
    return this.client.getList('/v1/webhook-endpoints', params, options);
  }

  retrieve(id: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.client.get(path`/v1/webhook-endpoints/${id}`, undefined, options);
  }

  update(id: string, params: WebhookEndpointUpdateParams, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.client.patch(path`/v1/webhook-endpoints/${id}`, params, options);
  }

  del(id: string, options?: RequestOptions): Promise<void> {
    return this.client.delete(path`/v1/webhook-endpoints/${id}`, options);
  }

  /** A new secret; the old one keeps signing too for a 24 h grace period. */
  rotateSecret(id: string, options?: RequestOptions): Promise<WebhookEndpointWithSecret> {
    return this.client.post(path`/v1/webhook-endpoints/${id}/rotate-secret`, undefined, options);
  }

  /** Sends a `webhook.test` event to the endpoint. */
  test(id: string, options?: RequestOptions): Promise<WebhookDelivery> {
    return this.client.post(path`/v1/webhook-endpoints/${id}/test`, undefined, options);
  }

  /** The endpoint's delivery log. */
  deliveries(id: string, params: WebhookDeliveryListParams = {}, options?: RequestOptions): PagePromise<WebhookDelivery> {
    return this.client.getList(path`/v1/webhook-endpoints/${id}/deliveries`, params, options);
  }

  /** Re-queues every failed delivery since a time. */
  recover(id: string, params: WebhookRecoverParams, options?: RequestOptions): Promise<WebhookRecoverResult> {
    return this.client.post(path`/v1/webhook-endpoints/${id}/recover`, params, options);
  }
}

export class WebhookDeliveries extends APIResource {
  /** Retries one delivery now. */
  retry(id: string, options?: RequestOptions): Promise<WebhookDelivery> {
    return this.client.post(path`/v1/webhook-deliveries/${id}/retry`, undefined, options);
  }
}
