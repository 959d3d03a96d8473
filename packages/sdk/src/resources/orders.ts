/** @module Orders: start from a trial, attach the signed agreement, submit for the vendor's review. */
import type { RequestOptions } from '../client.js';
import type { PagePromise } from '../pagination.js';
import type { AgreementAttachParams, Order, OrderCreateParams, OrderListParams, OrderUpdateParams, SignatureRequest, SignatureRequestParams } from '../types.js';
import { APIResource, path } from './resource.js';

export class Orders extends APIResource {
  /** Starts a draft order from a trial ("Påbörja beställning"). */
  create(trialId: string, params: OrderCreateParams, options?: RequestOptions): Promise<Order> {
    return this.client.post(path`/v1/trials/${trialId}/orders`, params, options);
  }

  retrieve(id: string, options?: RequestOptions): Promise<Order> {
    return this.client.get(path`/v1/orders/${id}`, undefined, options);
  }

  list(params: OrderListParams = {}, options?: RequestOptions): PagePromise<Order> {
    return this.client.getList('/v1/orders', params, options);
  }

  /** Corrects a draft or rejected order. */
  update(id: string, params: OrderUpdateParams, options?: RequestOptions): Promise<Order> {
    return this.client.patch(path`/v1/orders/${id}`, params, options);
  }

  /**
   * Uploads the signed end-customer agreement (PDF bytes, max 10 MB). `filename` is shown with the order
   * (`agreement.filename`); a `File` gives its own name when none is passed.
   */
  attachAgreement(id: string, pdf: Uint8Array | ArrayBuffer | Blob, params: AgreementAttachParams = {}, options?: RequestOptions): Promise<Order> {
    const filename = params.filename ?? (typeof File !== 'undefined' && pdf instanceof File ? pdf.name : undefined);
    return this.client.request(
      { method: 'PUT', path: path`/v1/orders/${id}/agreement`, query: { filename }, binary: { data: pdf, contentType: 'application/pdf' } },
      options,
    );
  }

  /** Downloads the attached agreement PDF. */
  retrieveAgreement(id: string, options?: RequestOptions): Promise<ArrayBuffer> {
    return this.client.request(
      { method: 'GET', path: path`/v1/orders/${id}/agreement`, responseType: 'arrayBuffer' },
      { ...options, headers: { Accept: 'application/pdf', ...options?.headers } },
    );
  }

  /** The agreement rendered from the vendor's template and the order, unsigned (PDF bytes). */
  agreementDraft(id: string, options?: RequestOptions): Promise<ArrayBuffer> {
    return this.client.request(
      { method: 'GET', path: path`/v1/orders/${id}/agreement-draft`, responseType: 'arrayBuffer' },
      { ...options, headers: { Accept: 'application/pdf', ...options?.headers } },
    );
  }

  /**
   * E-mails the signer a one-time link to sign the agreement ("Skicka för signering"); `autoSubmit` submits the order
   * once it is signed. A new request withdraws the order's earlier link.
   */
  requestSignature(id: string, params: SignatureRequestParams = {}, options?: RequestOptions): Promise<SignatureRequest> {
    return this.client.post(path`/v1/orders/${id}/signature-request`, params, options);
  }

  /** The order's latest signing request and what became of it (`sent`, `signed`, `declined` with its reason, `expired`). */
  retrieveSignatureRequest(id: string, options?: RequestOptions): Promise<SignatureRequest> {
    return this.client.get(path`/v1/orders/${id}/signature-request`, undefined, options);
  }

  /** Withdraws the order's open signing link ("Avbryt signering"); a `NotFoundError` when none is open. */
  cancelSignatureRequest(id: string, options?: RequestOptions): Promise<void> {
    return this.client.delete(path`/v1/orders/${id}/signature-request`, options);
  }

  /** Submits the order for review; the agreement must be attached first. */
  submit(id: string, options?: RequestOptions): Promise<Order> {
    return this.client.post(path`/v1/orders/${id}/submit`, undefined, options);
  }
}
