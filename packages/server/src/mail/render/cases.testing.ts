/**
 * @module Every e-mail the service sends, drawn with hostile input for two vendors, and what each must say: shared by
 * the render tests here and the tests of the mails as received over SMTP (packages/server/test).
 */
import { brandingFrom, vendorBrandingSchema, type Branding } from './branding.js';
import { oneLine, type MailContent, type RenderedMail } from './content.js';
import { renderMail } from './render.js';
import {
  ACCEPT_LABEL,
  agreementDeclined,
  agreementSigned,
  customerInvitation,
  endpointDisabled,
  orderApproved,
  orderRejected,
  renewalUpcoming,
  signatureRequested,
  SIGN_LABEL,
  trialDigest,
  trialExpiring,
  trialInvitation,
} from './index.js';

/** A name as hostile as a reseller could type it (older rows may hold line breaks the API now refuses). */
export const HOSTILE = 'Brf <script>alert(1)</script> "Ek" & Co\r\nBcc: victim@evil.example';
export const SHOWN = oneLine(HOSTILE);
/** A real invitation link: long, with characters HTML must escape in an attribute. */
export const LINK = 'https://resellerkit.example/invitations/accept?token=Zm9vYmFyYmF6cXV4cXV1eHh5enp5MTIzNDU2Nzg5MGFiY2RlZg&lang=sv';
/** A signing link as the service writes it. */
export const SIGN_LINK = 'https://resellerkit.example/sign/c2lnbmluZy10b2tlbi0xMjM0NTY3ODkw';
export const PORTAL = 'https://pms.example/provkonton?filter=uppfoljning&x=1';
export const NOW = new Date('2026-12-01T06:00:00.000Z');

export interface Case {
  name: string;
  /** What the template returns and the outbox stores. */
  content: MailContent;
  /** The content drawn with the case's vendor: what the mail worker must send for it. */
  mail: RenderedMail;
  /** The button: its label and where it must lead; null when the mail asks for nothing to be clicked. */
  button: { label: string; href: string } | null;
  /** What the text part must say on its own. */
  facts: string[];
}

export function cases(brand: Branding): Case[] {
  const drawn: Omit<Case, 'mail'>[] = [
    {
      name: 'trial invitation (editor)',
      content: trialInvitation(brand, { organizationName: HOSTILE, link: LINK, endsAt: '2026-12-31T10:00:00.000Z', role: 'editor' }),
      button: { label: ACCEPT_LABEL, href: LINK },
      facts: [SHOWN, brand.name, 'redigera underhållsplanen', 'till och med 2026-12-31', 'Välj ett lösenord', 'kan användas en gång'],
    },
    {
      name: 'trial invitation (reader)',
      content: trialInvitation(brand, { organizationName: HOSTILE, link: LINK, endsAt: '2027-01-15T10:00:00.000Z', role: 'reader' }),
      button: { label: ACCEPT_LABEL, href: LINK },
      facts: [SHOWN, 'läsa underhållsplanen', 'till och med 2027-01-15'],
    },
    {
      name: 'customer invitation',
      content: customerInvitation(brand, { organizationName: HOSTILE, link: LINK, role: 'editor' }),
      button: { label: ACCEPT_LABEL, href: LINK },
      facts: [SHOWN, brand.name, 'redigera underhållsplanen', 'kan användas en gång'],
    },
    {
      name: 'trial expiring',
      content: trialExpiring(brand, { organizationName: HOSTILE, endsAt: '2026-12-04T10:00:00.000Z' }),
      button: null,
      facts: [SHOWN, 'löper ut 2026-12-04', 'raderas sex månader', `beställa ${brand.name}`],
    },
    {
      name: 'order approved',
      content: orderApproved(brand, { organizationName: HOSTILE, licenceName: 'Bas <b>BRF</b>', renewsAt: '2027-12-01T00:00:00.000Z' }),
      button: null,
      facts: [SHOWN, 'Bas <b>BRF</b>', 'förnyas 2027-12-01', 'från Provkonton till Kunder'],
    },
    {
      name: 'order rejected',
      content: orderRejected(brand, { organizationName: HOSTILE, reason: 'Fel organisationsnummer.\nVänliga hälsningar\n<script>x()</script>' }),
      button: null,
      facts: [SHOWN, '> Fel organisationsnummer.', '> Vänliga hälsningar', '> <script>x()</script>', 'skicka beställningen igen'],
    },
    {
      name: 'renewal notice',
      content: renewalUpcoming(brand, { organizationName: HOSTILE, licenceName: 'Bas <b>BRF</b>', renewsAt: '2027-01-15T00:00:00.000Z', vendorAmount: '9600,00 kr' }),
      button: null,
      facts: [SHOWN, 'Bas <b>BRF</b>', 'förnyas 2027-01-15', '9600,00 kr (exklusive moms)', 'Säg upp vid periodens slut'],
    },
    {
      name: 'signature request',
      content: signatureRequested(brand, { signerName: 'Åsa\nEk', resellerName: 'Fastighetskonsult Öst AB', organizationName: HOSTILE, link: SIGN_LINK, expiresOn: '2026-12-15' }),
      button: { label: SIGN_LABEL, href: SIGN_LINK },
      facts: ['Hej Åsa Ek!', 'Fastighetskonsult Öst AB har skickat slutkundsavtalet', SHOWN, 'till och med 2026-12-15', 'kan användas en gång', brand.name],
    },
    {
      name: 'agreement signed',
      content: agreementSigned(brand, { organizationName: HOSTILE, signerName: 'Åsa Ek', submitted: true }),
      button: null,
      facts: [SHOWN, 'Åsa Ek har signerat', 'skickats in för granskning'],
    },
    {
      name: 'agreement declined',
      content: agreementDeclined(brand, { organizationName: HOSTILE, signerName: 'Åsa Ek', reason: 'Fel licens.\nVänliga hälsningar\n<script>x()</script>' }),
      button: null,
      facts: [SHOWN, 'Åsa Ek har avböjt', '> Fel licens.', '> Vänliga hälsningar', '> <script>x()</script>', 'skicka avtalet för signering igen'],
    },
    {
      name: 'webhook endpoint disabled',
      content: endpointDisabled(brand, { url: 'https://hooks.example/in?a=1&b="><script>y()</script>', reason: 'failing', since: '2026-11-26T08:00:00.000Z' }),
      button: null,
      facts: ['https://hooks.example/in?a=1&b="><script>y()</script>', 'sedan 2026-11-26', 'fem dagar i följd', '/recover'],
    },
    {
      name: 'engagement digest',
      content: trialDigest(brand, {
        now: NOW,
        link: PORTAL,
        trials: [
          { organizationName: HOSTILE, level: 'low', lastActivityAt: '2026-11-20T10:00:00.000Z', endsAt: '2026-12-10T00:00:00.000Z', nudge: 'inactive' },
          { organizationName: 'Brf Tallen', level: 'none', lastActivityAt: null, endsAt: '2026-12-02T00:00:00.000Z', nudge: 'inactive' },
          { organizationName: 'Fastighets AB Eken', level: 'high', lastActivityAt: '2026-11-30T15:00:00.000Z', endsAt: '2026-12-20T00:00:00.000Z', nudge: 'engaged' },
        ],
      }),
      button: { label: 'Öppna Provkonton', href: PORTAL },
      facts: [
        '3 provkonton behöver',
        `* ${SHOWN}\n  Aktivitet: Låg\n  Senaste aktivitet: 2026-11-20\n  Kvar av provperioden: 9 dagar (går ut 2026-12-10)`,
        '* Brf Tallen\n  Aktivitet: Ingen inloggning\n  Senaste aktivitet: Ingen än\n  Kvar av provperioden: 1 dag (går ut 2026-12-02)',
        '* Fastighets AB Eken\n  Aktivitet: Hög\n  Senaste aktivitet: 2026-11-30\n  Kvar av provperioden: 19 dagar (går ut 2026-12-20)',
        'Inte använda på sju dagar',
        'Används flitigt',
      ],
    },
    {
      name: 'engagement digest without a portal link',
      content: trialDigest(brand, {
        now: NOW,
        trials: [{ organizationName: 'Brf Tallen', level: 'medium', lastActivityAt: '2026-11-29T10:00:00.000Z', endsAt: '2026-12-05T12:00:00.000Z', nudge: 'engaged' }],
      }),
      button: null,
      facts: ['Ett provkonto behöver', '* Brf Tallen\n  Aktivitet: Måttlig', '5 dagar (går ut 2026-12-05)', 'under Provkonton'],
    },
  ];
  return drawn.map((c) => ({ ...c, mail: renderMail(c.content, brand) }));
}

export const planima = brandingFrom(vendorBrandingSchema.parse({ VENDOR_NAME: 'Planima' }));
/** Another vendor, with a logo and a light colour that needs black button text. */
export const acme = brandingFrom(vendorBrandingSchema.parse({ VENDOR_NAME: 'Acme Underhåll', VENDOR_LOGO_URL: 'https://cdn.acme.example/logo.png', VENDOR_COLOR: '#ffcc00' }));
export const BRANDS = [planima, acme];
export const ALL = BRANDS.flatMap((brand) => cases(brand).map((c) => ({ ...c, brand, label: `${brand.name}: ${c.name}` })));
