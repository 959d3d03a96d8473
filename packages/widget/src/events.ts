/** @module The public events: prefixed, bubbling out of the shadow root, with a typed detail. */
import type { ApiError } from './api.js';
import type { Order, Trial } from './types.js';

export interface ResellerKitErrorDetail {
  /** HTTP status; 0 when the request never got an answer or fetchSession failed. */
  status: number;
  type: string;
  /** The server's `error.message`, as shown in the element. */
  message: string;
  requestId?: string;
}

export interface ResellerKitEventMap {
  'resellerkit-trial-created': CustomEvent<{ trial: Trial }>;
  'resellerkit-order-submitted': CustomEvent<{ order: Order }>;
  'resellerkit-error': CustomEvent<ResellerKitErrorDetail>;
}

declare global {
  interface HTMLElementEventMap extends ResellerKitEventMap {}
}

export function emit<K extends keyof ResellerKitEventMap>(from: EventTarget, type: K, detail: ResellerKitEventMap[K]['detail']): void {
  from.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

export function errorDetail(e: unknown): ResellerKitErrorDetail {
  const err = e as Partial<ApiError>;
  return { status: err.status ?? 0, type: err.type ?? 'client_error', message: err.message ?? String(e), requestId: err.requestId };
}
