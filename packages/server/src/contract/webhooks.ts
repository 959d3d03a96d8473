/** @module Wire schemas of webhook endpoints and deliveries. */
import { z } from '@hono/zod-openapi';
import { EVENT_TYPES } from '../outbox/event-types.js';
import { MULTI_LINE } from './common.js';

const Iso = z.string().openapi({ format: 'date-time' });
const EventType = z.enum(EVENT_TYPES);
const Url = z.string().trim().min(1).max(2048).openapi({ example: 'https://partner.example/webhooks/resellerkit' });
const EnabledEvents = z.array(EventType).max(EVENT_TYPES.length).openapi({ description: 'Event types to receive; empty means all.' });
const Description = z.string().trim().max(500).regex(MULTI_LINE, 'must not contain control characters other than line breaks and tabs');

export const WebhookEndpointInput = z
  .object({
    url: Url,
    description: Description.optional(),
    enabledEvents: EnabledEvents.optional(),
    signing: z.enum(['hmac', 'hmac+ed25519']).optional().openapi({ description: "'hmac+ed25519' adds a v1a Ed25519 signature (key at /.well-known/jwks.json). Default 'hmac'." }),
  })
  .openapi('WebhookEndpointInput');

export const WebhookEndpointPatch = z
  .object({ url: Url.optional(), description: Description.optional(), enabledEvents: EnabledEvents.optional(), enabled: z.boolean().optional() })
  .openapi('WebhookEndpointPatch');

export const WebhookEndpoint = z
  .object({
    id: z.string(),
    resellerId: z.string().nullable().openapi({ description: "Null for the vendor's endpoints, which receive every reseller's events." }),
    url: z.string(),
    description: z.string(),
    enabledEvents: z.array(z.string()),
    enabled: z.boolean(),
    signing: z.enum(['hmac', 'hmac+ed25519']),
    publicKey: z.string().nullable().openapi({ description: 'whpk_… Ed25519 public key for v1a signatures.' }),
    secretRotationEndsAt: Iso.nullable().openapi({ description: 'Until then the previous secret also signs.' }),
    failingSince: Iso.nullable(),
    disabledReason: z.enum(['manual', 'failing', 'gone']).nullable(),
    createdAt: Iso,
    updatedAt: Iso,
  })
  .openapi('WebhookEndpoint');

export const WebhookEndpointWithSecret = WebhookEndpoint.extend({ secret: z.string().openapi({ description: 'whsec_… signing secret; shown only here.' }) }).openapi('WebhookEndpointWithSecret');

export const WebhookDelivery = z
  .object({
    id: z.string().openapi({ description: 'The webhook-id header: the same on every attempt.' }),
    endpointId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed', 'disabled']),
    attempts: z.number().int(),
    nextAttemptAt: Iso.nullable(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    lastAttemptAt: Iso.nullable(),
    succeededAt: Iso.nullable(),
    createdAt: Iso,
    attemptLog: z.array(
      z.object({
        at: Iso,
        statusCode: z.number().int().nullable(),
        durationMs: z.number().int(),
        responseBody: z.string().nullable().openapi({ description: 'First KB of the response.' }),
        error: z.string().nullable(),
      }),
    ),
  })
  .openapi('WebhookDelivery');

export const RecoverInput = z.object({ since: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time' }) }).openapi('WebhookRecoverInput');
