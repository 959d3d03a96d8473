/** @module A webhook endpoint's inputs and signing, and how long a rotated secret keeps signing. */

/** How long the previous secret keeps signing after a rotation: receivers have a day to switch. */
export const ROTATION_GRACE_MS = 24 * 3_600_000;

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
