/** @module The e-mail an endpoint's owner gets when its webhooks are switched off, in Swedish. */
import type { MailMessage } from '../../mail/templates.js';

export function endpointDisabled(p: { url: string; reason: 'failing' | 'gone'; since: string | null }): MailMessage {
  const why =
    p.reason === 'gone'
      ? 'mottagaren svarade 410 Gone'
      : `alla leveranser har misslyckats sedan ${p.since?.slice(0, 10) ?? 'flera dagar'} (fem dagar i följd)`;
  return {
    subject: 'Webhook-mottagare avstängd',
    text:
      `Hej!\n\nVi har stängt av webhook-mottagaren ${p.url} eftersom ${why}.\n\n` +
      `Inga händelser skickas dit förrän den slås på igen. När mottagaren fungerar: slå på den med PATCH /v1/webhook-endpoints/{id} ` +
      `{ "enabled": true } och skicka de missade händelserna igen med POST /v1/webhook-endpoints/{id}/recover.\n\nVänliga hälsningar\nPlanima`,
  };
}
