/** @module The public events: prefixed, bubbling out of the shadow root, with a typed detail. */
import { ApiError } from './api.js';
import type { Customer, ErrorCode, Order, Trial } from './types.js';

export interface ResellerKitErrorDetail {
  /** HTTP status; 0 when the request never got an answer or fetchSession failed. */
  status: number;
  type: string;
  /** The API's stable reason (docs/api.md), when it gave one. */
  code?: ErrorCode;
  /** The server's `error.message` (English, for logs); the element shows its own text in its locale. */
  message: string;
  requestId?: string;
}

export interface ResellerKitEventMap {
  'resellerkit-trial-created': CustomEvent<{ trial: Trial }>;
  'resellerkit-trial-updated': CustomEvent<{ trial: Trial }>;
  'resellerkit-order-submitted': CustomEvent<{ order: Order }>;
  /** Kunder: the reseller marked a customer to end at the period end, or took that back. */
  'resellerkit-customer-updated': CustomEvent<{ customer: Customer }>;
  /** From `<resellerkit-order-review>`: the vendor decided; a portal on the same page refreshes its lists. */
  'resellerkit-order-approved': CustomEvent<{ order: Order }>;
  'resellerkit-order-rejected': CustomEvent<{ order: Order }>;
  'resellerkit-error': CustomEvent<ResellerKitErrorDetail>;
}

declare global {
  interface HTMLElementEventMap extends ResellerKitEventMap {}
}

export function emit<K extends keyof ResellerKitEventMap>(from: EventTarget, type: K, detail: ResellerKitEventMap[K]['detail']): void {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

export function errorDetail(e: unknown): ResellerKitErrorDetail {
  if (!(e instanceof ApiError)) return { status: 0, type: 'client_error', message: e instanceof Error ? e.message : String(e) };
  return { status: e.status, type: e.type, ...(e.code && { code: e.code }), message: e.message, ...(e.requestId && { requestId: e.requestId }) };
}
