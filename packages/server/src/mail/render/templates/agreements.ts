/** @module The end-customer agreement's mails: the request to sign it, and the answer to the reseller. */
import type { Branding } from '../branding.js';
import { oneLine, type RenderedMail } from '../content.js';
import { renderMail } from '../render.js';

export const SIGN_LABEL = 'Läs och signera avtalet';

export function signatureRequested(
  brand: Branding,
  p: { signerName: string; resellerName: string; organizationName: string; link: string; expiresOn: string },
): RenderedMail {
  const org = oneLine(p.organizationName);
  return renderMail(
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
    brand,
  );
}

export function agreementSigned(brand: Branding, p: { organizationName: string; signerName: string; submitted: boolean }): RenderedMail {
  const org = oneLine(p.organizationName);
  const next = p.submitted ? 'Beställningen har skickats in för granskning.' : 'Skicka in beställningen när du är redo.';
  return renderMail(
    {
      subject: `Avtalet för ${org} är signerat`,
      preheader: next,
      blocks: [
        { kind: 'paragraph', text: 'Hej!' },
        { kind: 'paragraph', text: `${oneLine(p.signerName)} har signerat slutkundsavtalet för ${org}. Det signerade avtalet finns nu på beställningen.` },
        { kind: 'paragraph', text: next },
      ],
    },
    brand,
  );
}

export function agreementDeclined(brand: Branding, p: { organizationName: string; signerName: string; reason: string }): RenderedMail {
  const org = oneLine(p.organizationName);
  return renderMail(
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
    brand,
  );
}
