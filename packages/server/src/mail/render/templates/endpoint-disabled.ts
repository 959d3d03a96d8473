/** @module The notice a reseller gets when its webhook endpoint is switched off. */
import type { Branding } from '../branding.js';
import { day, type MailContent } from '../content.js';
import { mailContent } from '../render.js';

export function endpointDisabled(brand: Branding, p: { url: string; reason: 'failing' | 'gone'; since: string | null }): MailContent {
  const why =
    p.reason === 'gone' ? 'mottagaren svarade 410 Gone' : `alla leveranser har misslyckats sedan ${p.since ? day(p.since) : 'flera dagar'} (fem dagar i följd)`;
  return mailContent(
    {
      subject: 'Webhook-mottagare avstängd',
      preheader: 'Inga händelser skickas dit förrän den slås på igen.',
      blocks: [
        { kind: 'paragraph', text: 'Hej!' },
        { kind: 'paragraph', text: `Vi har stängt av webhook-mottagaren nedan eftersom ${why}.` },
        // The endpoint's URL is the reseller's own input: shown, never linked.
        { kind: 'literal', text: p.url },
        {
          kind: 'paragraph',
          text:
            'Inga händelser skickas dit förrän den slås på igen. När mottagaren fungerar: slå på den med PATCH /v1/webhook-endpoints/{id} ' +
            '{ "enabled": true } och skicka de missade händelserna igen med POST /v1/webhook-endpoints/{id}/recover.',
        },
      ],
    },
  );
}
