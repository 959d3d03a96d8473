/** @module A webhook endpoint's inputs and signing, and how long a rotated secret keeps signing. */

/** How long the previous secret keeps signing after a rotation: receivers have a day to switch. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;

/**
 * Endpoints per owner (a reseller, or the vendor): every event is written once per wanting endpoint in the write that
 * records it, so their number bounds what one event costs. Checked before the insert: concurrent creations may pass it
 * together, by as many as run at once.
 */
export const MAX_ENDPOINTS = 20;

export type Signing = 'hmac' | 'hmac+ed25519';

export interface EndpointInput {
  url: string;
  description?: string;
  enabledEvents?: string[];
  signing?: Signing;
}

export interface EndpointPatch {
  url?: string;
  description?: string;
  enabledEvents?: string[];
  enabled?: boolean;
}
