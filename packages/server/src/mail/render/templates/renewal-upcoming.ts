/** @module The notice before a customer's licence renews for another year, to its reseller. */
import type { Branding } from '../branding.js';
import { day, oneLine, type MailContent } from '../content.js';
import { mailContent } from '../render.js';

export function renewalUpcoming(brand: Branding, p: { organizationName: string; licenceName: string; renewsAt: string; vendorAmount: string }): MailContent {
  const org = oneLine(p.organizationName);
  return mailContent(
    {
      subject: `Licensen för ${org} förnyas ${day(p.renewsAt)}`,
      preheader: `${oneLine(p.licenceName)} förnyas för ett år till om den inte sägs upp före ${day(p.renewsAt)}.`,
      blocks: [
        { kind: 'paragraph', text: 'Hej!' },
        {
          kind: 'paragraph',
          text: `Licensen ${oneLine(p.licenceName)} för ${org} förnyas ${day(p.renewsAt)} för ett år till. Vi fakturerar er ${p.vendorAmount} (exklusive moms) för det nya licensåret.`,
        },
        {
          kind: 'paragraph',
          text: `Ska kunden inte förnya? Välj "Säg upp vid periodens slut" under Kunder före ${day(p.renewsAt)}, så upphör licensen när licensåret är slut.`,
        },
      ],
    },
  );
}
