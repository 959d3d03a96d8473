/** @module The warning before a trial ends, to its users and the reseller. */
import type { Branding } from '../branding.js';
import { day, oneLine, type MailContent } from '../content.js';
import { mailContent } from '../render.js';

export function trialExpiring(brand: Branding, p: { organizationName: string; endsAt: string }): MailContent {
  const org = oneLine(p.organizationName);
  return mailContent(
    {
      subject: `Provkontot för ${org} löper ut snart`,
      preheader: `Provperioden slutar ${day(p.endsAt)}.`,
      blocks: [
        { kind: 'paragraph', text: 'Hej!' },
        {
          kind: 'paragraph',
          text: `Provkontot för ${org} löper ut ${day(p.endsAt)}. Därefter går det inte längre att logga in, och uppgifterna raderas sex månader efter att provperioden har gått ut.`,
        },
        { kind: 'paragraph', text: `Kontakta er återförsäljare för att beställa ${brand.name}.` },
      ],
    },
  );
}
