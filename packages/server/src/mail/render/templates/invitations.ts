/** @module The invitations a customer's people get: to a trial, and to a customer account after the order. */
import type { Branding } from '../branding.js';
import { day, oneLine, type Block, type MailContent } from '../content.js';
import { mailContent } from '../render.js';

export const ACCEPT_LABEL = 'Logga in och välj lösenord';

type Role = 'editor' | 'reader' | (string & {});
const access = (role: Role) => (role === 'editor' ? 'redigera' : 'läsa');

function howTo(link: string): Block[] {
  return [
    { kind: 'paragraph', text: 'Så loggar du in:' },
    { kind: 'steps', items: [`Öppna länken ”${ACCEPT_LABEL}” nedan.`, 'Välj ett lösenord.', 'Logga in med din e-postadress och ditt lösenord.'] },
    { kind: 'button', label: ACCEPT_LABEL, href: link },
  ];
}

const footer = (brand: Branding) =>
  `Du får det här e-postmeddelandet eftersom du har bjudits in till ${brand.name}. Väntade du dig inte inbjudan kan du bortse från den.`;

export function trialInvitation(brand: Branding, p: { organizationName: string; link: string; endsAt: string; role: Role }): MailContent {
  const org = oneLine(p.organizationName);
  return mailContent(
    {
      subject: `Välkommen till ${brand.name} – provkonto för ${org}`,
      preheader: `Välj ett lösenord och logga in. Provperioden pågår till och med ${day(p.endsAt)}.`,
      blocks: [
        { kind: 'paragraph', text: 'Hej!' },
        { kind: 'paragraph', text: `Du har bjudits in till ett provkonto i ${brand.name} för ${org}, där du kan ${access(p.role)} underhållsplanen.` },
        ...howTo(p.link),
        { kind: 'paragraph', text: `Länken kan användas en gång. Provperioden pågår till och med ${day(p.endsAt)}.` },
      ],
      footer: footer(brand),
    },
  );
}

export function customerInvitation(brand: Branding, p: { organizationName: string; link: string; role: Role }): MailContent {
  const org = oneLine(p.organizationName);
  return mailContent(
    {
      subject: `Välkommen till ${brand.name} – ${org}`,
      preheader: `Välj ett lösenord och logga in i ${brand.name} för ${org}.`,
      blocks: [
        { kind: 'paragraph', text: 'Hej!' },
        { kind: 'paragraph', text: `Du har bjudits in till ${brand.name} för ${org}, där du kan ${access(p.role)} underhållsplanen.` },
        ...howTo(p.link),
        { kind: 'paragraph', text: 'Länken kan användas en gång.' },
      ],
      footer: footer(brand),
    },
  );
}
