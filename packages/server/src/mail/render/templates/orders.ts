/** @module The vendor's answer to an order, to the reseller and the signer. */
import type { Branding } from '../branding.js';
import { day, oneLine, type MailContent } from '../content.js';
import { mailContent } from '../render.js';

export function orderApproved(brand: Branding, p: { organizationName: string; licenceName: string; renewsAt: string }): MailContent {
  const org = oneLine(p.organizationName);
  return mailContent(
    {
      subject: `Beställningen för ${org} är godkänd`,
      preheader: `Licensen ${oneLine(p.licenceName)} förnyas ${day(p.renewsAt)}.`,
      blocks: [
        { kind: 'paragraph', text: 'Hej!' },
        {
          kind: 'paragraph',
          text: `Beställningen av ${oneLine(p.licenceName)} för ${org} är signerad och godkänd. Kontot har flyttats från Provkonton till Kunder och licensen förnyas ${day(p.renewsAt)}.`,
        },
      ],
    },
  );
}

export function orderRejected(brand: Branding, p: { organizationName: string; reason: string }): MailContent {
  const org = oneLine(p.organizationName);
  return mailContent(
    {
      subject: `Beställningen för ${org} behöver kompletteras`,
      preheader: 'Rätta uppgifterna och skicka beställningen igen.',
      blocks: [
        { kind: 'paragraph', text: 'Hej!' },
        { kind: 'paragraph', text: `Beställningen för ${org} kunde inte godkännas. Anledning:` },
        { kind: 'quote', text: p.reason },
        { kind: 'paragraph', text: 'Rätta uppgifterna och skicka beställningen igen.' },
      ],
    },
  );
}
