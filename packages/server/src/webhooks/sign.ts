/** @module Standard Webhooks signing: `v1,` HMAC-SHA256 with each live `whsec_` secret, `v1a,` Ed25519 with the server key. */
import { createHmac, randomBytes, sign as edSign, type KeyObject } from 'node:crypto';

/** `whsec_` + base64 of 32 random bytes: the form every Standard Webhooks library decodes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The delivered body `{ type, timestamp, data }`. `data` is the event row's JSON text spliced in as stored, so every
 * retry sends the same bytes.
 */
export function webhookBody(event: { type: string; created_at: string; data: string }): string {
  return `{"type":${JSON.stringify(event.type)},"timestamp":${JSON.stringify(event.created_at)},"data":${event.data}}`;
}

export interface SignInput {
  id: string;
  /** Seconds since the epoch. */
  timestamp: number;
  body: string;
  /** Every secret that signs: the current one, plus the previous during a rotation's grace period. */
  secrets: string[];
  /** Adds a `v1a,` signature. */
  ed25519?: KeyObject;
}

export function signatureHeaders(s: SignInput): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  const content = Buffer.from(`${s.id}.${s.timestamp}.${s.body}`);
  const parts = s.secrets.map((secret) => `v1,${createHmac('sha256', Buffer.from(secret.replace(/^whsec_/, ''), 'base64')).update(content).digest('base64')}`);
  if (s.ed25519) parts.push(`v1a,${edSign(null, content, s.ed25519).toString('base64')}`);
  return { 'webhook-id': s.id, 'webhook-timestamp': String(s.timestamp), 'webhook-signature': parts.join(' ') };
}
