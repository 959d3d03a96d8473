/** @module The end-customer agreement's mails: the request to sign it, and the answer to the reseller. */
import type { Branding } from '../branding.js';
import { oneLine, type MailContent } from '../content.js';
import { mailContent } from '../render.js';

export const SIGN_LABEL = 'Läs och signera avtalet';

export function signatureRequested(
  brand: Branding,
  p: { signerName: string; resellerName: string; organizationName: string; link: string; expiresOn: string },
): MailContent {
  const org = oneLine(p.organizationName);
  return mailContent(
    {
      subject: `Slutkundsavtal för ${org} att signera`,
      preheader: `${oneLine(p.resellerName)} har skickat avtalet till dig. Länken gäller till och med ${p.expiresOn}.`,
      blocks: [
        { kind: 'paragraph', text: `Hej ${oneLine(p.signerName)}!` },
        { kind: 'paragraph', text: `${oneLine(p.resellerName)} har skickat slutkundsavtalet för ${org} till dig för underskrift.` },
        { kind: 'paragraph', text: 'Öppna länken nedan, läs avtalet och signera det, eller avböj:' },
        { kind: 'button', label: SIGN_LABEL, href: p.link },
        { kind: 'paragraph', text: `Länken är personlig, gäller till och med ${p.expiresOn} och kan användas en gång.` },
      ],
      footer: `Du får det här e-postmeddelandet eftersom ${oneLine(p.resellerName)} har angett dig som den som signerar avtalet om ${brand.name}.`,
    },
  );
}

export function agreementSigned(brand: Branding, p: { organizationName: string; signerName: string; submitted: boolean }): MailContent {
  const org = oneLine(p.organizationName);
  const next = p.submitted ? 'Beställningen har skickats in för granskning.' : 'Skicka in beställningen när du är redo.';
  return mailContent(
    {
      subject: `Avtalet för ${org} är signerat`,
      preheader: next,
      blocks: [
        { kind: 'paragraph', text: 'Hej!' },
        { kind: 'paragraph', text: `${oneLine(p.signerName)} har signerat slutkundsavtalet för ${org}. Det signerade avtalet finns nu på beställningen.` },
        { kind: 'paragraph', text: next },
      ],
    },
  );
}

export function agreementDeclined(brand: Branding, p: { organizationName: string; signerName: string; reason: string }): MailContent {
  const org = oneLine(p.organizationName);
  return mailContent(
    {
      subject: `Avtalet för ${org} signerades inte`,
      preheader: 'Rätta uppgifterna och skicka avtalet för signering igen.',
      blocks: [
        { kind: 'paragraph', text: 'Hej!' },
        { kind: 'paragraph', text: `${oneLine(p.signerName)} har avböjt att signera slutkundsavtalet för ${org}. Anledning:` },
        { kind: 'quote', text: p.reason },
        { kind: 'paragraph', text: 'Rätta uppgifterna och skicka avtalet för signering igen.' },
      ],
    },
  );
}
