/**
 * @module The signing page a signer reaches from the e-mailed link: server-rendered HTML that works without
 * JavaScript and on a phone, in Swedish or English. Every state a link can be in has a page: ready to sign, signed,
 * declined, and used / expired / revoked / unknown links (never a 500). The page carries one `<style>` block and
 * nothing else inline, so the service's page policy (http/page-policy.ts) allows it by hash.
 */
import type { PageLocale } from './accept-language.js';
import type { AgreementData } from './model.js';
import { CONSENT_TEXT, MAX_DECLINE_REASON_CHARS, MAX_SIGNER_NAME_CHARS, type DeclineFault, type SignFault } from './signing-form.js';
import { formatMoney, formatSwedishDate, formatSwedishTime } from './template.js';

export type InvalidLinkReason = 'used' | 'expired' | 'revoked' | 'unknown';

export type SigningPageState =
  | {
      kind: 'ready';
      token: string;
      agreement: AgreementData;
      expiresAt: Date;
      /** What the signer typed, and what was wrong with it, when a post is shown again. */
      form?: { name?: string; reason?: string; signFaults?: SignFault[]; declineFaults?: DeclineFault[] };
    }
  | { kind: 'signed'; signerName: string; signedAt: Date; organizationName: string }
  | { kind: 'declined'; organizationName: string }
  | { kind: 'invalid'; reason: InvalidLinkReason };

/** The addresses a signing link serves; routes mount these, the page links them. */
export function signingPaths(token: string) {
  const base = `/sign/${encodeURIComponent(token)}`;
  return { page: base, pdf: `${base}/agreement.pdf`, sign: base, decline: `${base}/decline` };
}

/** The status a state's page is answered with: a form to correct is 422, a link that cannot be used 404 or 410. */
export function signingPageStatus(state: SigningPageState): 200 | 404 | 410 | 422 {
  if (state.kind === 'invalid') return state.reason === 'unknown' ? 404 : 410;
  if (state.kind === 'ready' && (state.form?.signFaults?.length || state.form?.declineFaults?.length)) return 422;
  return 200;
}

const TEXT = {
  sv: {
    title: 'Signera slutkundsavtal',
    intro: (reseller: string, org: string) => `${reseller} har skickat slutkundsavtalet för ${org} till dig för underskrift.`,
    summary: 'Avtalet i korthet',
    rows: { vendor: 'Leverantör', reseller: 'Återförsäljare', customer: 'Kund', licence: 'Licens', price: 'Årligt listpris', term: 'Avtalstid', signer: 'Undertecknare' },
    term: (months: number, from: string) => `${months} månader från ${from}, förlängs årsvis`,
    priceNote: 'exkl. moms',
    viewPdf: 'Visa avtalet (PDF)',
    readFirst: 'Läs hela avtalet innan du signerar.',
    expires: (at: string) => `Länken gäller till ${at} och kan bara användas en gång.`,
    signHeading: 'Signera',
    nameLabel: 'Ditt namn',
    nameHint: 'Skriv ditt för- och efternamn. Det blir din underskrift.',
    sign: 'Signera avtalet',
    signNote: 'Din underskrift är en enkel elektronisk underskrift. Tidpunkt, IP-adress och webbläsare sparas på avtalets signatursida.',
    declineHeading: 'Vill du inte signera?',
    reasonLabel: 'Anledning',
    reasonHint: 'Återförsäljaren får se anledningen.',
    decline: 'Avböj',
    faults: {
      name_missing: 'Skriv ditt namn.',
      name_invalid: `Namnet får vara högst ${MAX_SIGNER_NAME_CHARS} tecken på en rad.`,
      consent_missing: 'Kryssa i rutan för att godkänna avtalet.',
      reason_missing: 'Skriv en anledning.',
      reason_invalid: `Anledningen får vara högst ${MAX_DECLINE_REASON_CHARS} tecken.`,
    },
    signedTitle: 'Tack, avtalet är signerat',
    signed: (name: string, org: string, at: string) => `${name} signerade slutkundsavtalet för ${org} den ${at}. Återförsäljaren har fått besked och skickar en kopia av det signerade avtalet.`,
    declinedTitle: 'Du har avböjt avtalet',
    declined: (org: string) => `Återförsäljaren har fått besked om att avtalet för ${org} inte signerades, och anledningen du angav.`,
    invalid: {
      used: ['Länken har redan använts', 'Avtalet har redan signerats eller avböjts via den här länken. Kontakta din återförsäljare om du har frågor.'],
      expired: ['Länken har gått ut', 'Länken gällde i 14 dagar. Be din återförsäljare att skicka en ny länk.'],
      revoked: ['Länken gäller inte längre', 'Återförsäljaren har återkallat länken eller skickat en ny. Använd den senaste länken du fått.'],
      unknown: ['Länken är ogiltig', 'Vi hittar inget avtal för den här länken. Kontrollera att du har öppnat hela länken från e-postmeddelandet.'],
    },
    other: { href: 'en', label: 'In English' },
  },
  en: {
    title: 'Sign the end-customer agreement',
    intro: (reseller: string, org: string) => `${reseller} has sent you the end-customer agreement for ${org} to sign.`,
    summary: 'The agreement in brief',
    rows: { vendor: 'Vendor', reseller: 'Reseller', customer: 'Customer', licence: 'Licence', price: 'Annual list price', term: 'Term', signer: 'Signer' },
    term: (months: number, from: string) => `${months} months from ${from}, renewed yearly`,
    priceNote: 'excl. VAT',
    viewPdf: 'View the agreement (PDF, in Swedish)',
    readFirst: 'Read the whole agreement before you sign.',
    expires: (at: string) => `The link is valid until ${at} (Swedish time) and can be used once.`,
    signHeading: 'Sign',
    nameLabel: 'Your name',
    nameHint: 'Type your first and last name. It becomes your signature.',
    sign: 'Sign the agreement',
    signNote: 'Your signature is a simple electronic signature. The time, IP address and browser are recorded on the agreement’s signature page.',
    declineHeading: 'Not signing?',
    reasonLabel: 'Reason',
    reasonHint: 'The reseller will see the reason.',
    decline: 'Decline',
    faults: {
      name_missing: 'Type your name.',
      name_invalid: `The name may be at most ${MAX_SIGNER_NAME_CHARS} characters on one line.`,
      consent_missing: 'Tick the box to accept the agreement.',
      reason_missing: 'Give a reason.',
      reason_invalid: `The reason may be at most ${MAX_DECLINE_REASON_CHARS} characters.`,
    },
    signedTitle: 'Thank you, the agreement is signed',
    signed: (name: string, org: string, at: string) => `${name} signed the end-customer agreement for ${org} on ${at}. The reseller has been told and will send you a copy of the signed agreement.`,
    declinedTitle: 'You declined the agreement',
    declined: (org: string) => `The reseller has been told that the agreement for ${org} was not signed, with the reason you gave.`,
    invalid: {
      used: ['This link has been used', 'The agreement has already been signed or declined through this link. Contact your reseller if you have questions.'],
      expired: ['This link has expired', 'The link was valid for 14 days. Ask your reseller to send a new one.'],
      revoked: ['This link is no longer valid', 'The reseller withdrew this link or sent a new one. Use the latest link you received.'],
      unknown: ['This link is not valid', 'We cannot find an agreement for this link. Check that you opened the whole link from the e-mail.'],
    },
    other: { href: 'sv', label: 'På svenska' },
  },
} as const;

/** The page's only styles: one block, allowed by its hash; narrow screens first. */
export const SIGNING_PAGE_STYLE = [
  '*,*::before,*::after{box-sizing:border-box}',
  'html{-webkit-text-size-adjust:100%}',
  'body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2a33;background:#f5f7f8}',
  'main{max-width:40rem;margin:0 auto;padding:1.25rem 1rem 3rem;overflow-wrap:anywhere}',
  'h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}h2{font-size:1.125rem;margin:0 0 .75rem}',
  'section{background:#fff;border:1px solid #d5dde2;border-radius:8px;padding:1rem;margin:1rem 0}',
  'dl{margin:0}dt{font-weight:600;font-size:.875rem;color:#4a5a66}dd{margin:0 0 .6rem}',
  '@media (min-width:34rem){dl{display:grid;grid-template-columns:11rem 1fr;gap:.25rem 1rem}dd{margin:0}}',
  'label{display:block;font-weight:600;margin:.75rem 0 .25rem}',
  'input[type=text],textarea{width:100%;padding:.6rem;font:inherit;border:1px solid #8a9aa6;border-radius:6px}',
  'textarea{min-height:5rem;resize:vertical}',
  'label.consent{display:flex;gap:.6rem;align-items:flex-start;font-weight:400;margin:1rem 0}',
  'label.consent input{width:1.4rem;height:1.4rem;margin:.1rem 0 0;flex:none}',
  'button{display:block;width:100%;margin-top:1rem;padding:.8rem 1rem;font:inherit;font-weight:600;border-radius:6px;border:0;background:#1f5f8b;color:#fff;cursor:pointer}',
  'button.secondary{background:#fff;color:#9b2c22;border:1px solid #9b2c22}',
  '@media (min-width:34rem){button{width:auto}}',
  '.hint,.note{font-size:.875rem;color:#4a5a66;margin:.25rem 0}',
  '[role=alert]{color:#9b2c22;font-weight:600;margin:.25rem 0}',
  'a{color:#1f5f8b}a.pdf{display:inline-block;margin:.25rem 0;font-weight:600}',
  'nav{text-align:right;font-size:.875rem}',
].join('');

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text or an attribute value as HTML: every character that could end either is escaped. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

const withLang = (path: string, locale: PageLocale) => `${path}?lang=${locale}`;

function layout(locale: PageLocale, title: string, content: string, switchTo?: string): string {
  const t = TEXT[locale];
  const nav = switchTo ? `<nav><a href="${escapeHtml(withLang(switchTo, t.other.href))}" lang="${t.other.href}" hreflang="${t.other.href}">${t.other.label}</a></nav>` : '';
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><meta name="robots" content="noindex">' +
    `<title>${escapeHtml(title)}</title><style>${SIGNING_PAGE_STYLE}</style></head>` +
    `<body><main>${nav}${content}</main></body></html>`
  );
}

const faultLine = (id: string, message: string) => `<p id="${id}" role="alert">${escapeHtml(message)}</p>`;

function readyPage(state: Extract<SigningPageState, { kind: 'ready' }>, locale: PageLocale): string {
  const t = TEXT[locale];
  const a = state.agreement;
  const paths = signingPaths(state.token);
  const form = state.form ?? {};
  const signFaults = new Set(form.signFaults ?? []);
  const declineFaults = form.declineFaults ?? [];
  const nameFault = signFaults.has('name_missing') ? 'name_missing' : signFaults.has('name_invalid') ? 'name_invalid' : null;
  const org = a.organization.orgNumber ? `${a.organization.name}, ${a.organization.orgNumber}` : a.organization.name;
  const rows: [string, string][] = [
    [t.rows.customer, org],
    [t.rows.reseller, a.reseller.name],
    [t.rows.vendor, a.vendor.name],
    [t.rows.licence, a.licence.name],
    [t.rows.price, `${formatMoney(a.licence.annualPrice)} ${t.priceNote}`],
    [t.rows.term, t.term(a.term.months, a.term.startsOn)],
    [t.rows.signer, `${a.signer.name} (${a.signer.email})`],
  ];
  const dl = rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  const nameDescribedBy = ['name-hint', ...(nameFault ? ['name-fault'] : [])].join(' ');

  return layout(
    locale,
    t.title,
    `<h1>${escapeHtml(t.title)}</h1>` +
      `<p>${escapeHtml(t.intro(a.reseller.name, a.organization.name))}</p>` +
      `<section aria-labelledby="summary-h"><h2 id="summary-h">${escapeHtml(t.summary)}</h2><dl>${dl}</dl>` +
      `<p><a class="pdf" href="${escapeHtml(paths.pdf)}" type="application/pdf" target="_blank" rel="noopener">${escapeHtml(t.viewPdf)}</a></p>` +
      `<p class="note">${escapeHtml(t.readFirst)} ${escapeHtml(t.expires(formatSwedishTime(state.expiresAt)))}</p></section>` +
      `<section aria-labelledby="sign-h"><h2 id="sign-h">${escapeHtml(t.signHeading)}</h2>` +
      `<form method="post" action="${escapeHtml(withLang(paths.sign, locale))}">` +
      `<label for="name">${escapeHtml(t.nameLabel)}</label>` +
      `<p id="name-hint" class="hint">${escapeHtml(t.nameHint)}</p>` +
      (nameFault ? faultLine('name-fault', t.faults[nameFault]) : '') +
      `<input id="name" name="name" type="text" autocomplete="name" required maxlength="${MAX_SIGNER_NAME_CHARS}" aria-describedby="${nameDescribedBy}"` +
      `${nameFault ? ' aria-invalid="true"' : ''} value="${escapeHtml(form.name ?? '')}">` +
      (signFaults.has('consent_missing') ? faultLine('consent-fault', t.faults.consent_missing) : '') +
      `<label class="consent" for="consent"><input id="consent" name="consent" type="checkbox" value="yes" required${signFaults.has('consent_missing') ? ' aria-invalid="true" aria-describedby="consent-fault"' : ''}>` +
      `<span>${escapeHtml(CONSENT_TEXT[locale])}</span></label>` +
      `<button type="submit">${escapeHtml(t.sign)}</button>` +
      `<p class="note">${escapeHtml(t.signNote)}</p></form></section>` +
      `<section aria-labelledby="decline-h"><h2 id="decline-h">${escapeHtml(t.declineHeading)}</h2>` +
      `<form method="post" action="${escapeHtml(withLang(paths.decline, locale))}">` +
      `<label for="reason">${escapeHtml(t.reasonLabel)}</label>` +
      `<p id="reason-hint" class="hint">${escapeHtml(t.reasonHint)}</p>` +
      declineFaults.map((f) => faultLine('reason-fault', t.faults[f])).join('') +
      `<textarea id="reason" name="reason" required maxlength="${MAX_DECLINE_REASON_CHARS}" aria-describedby="reason-hint${declineFaults.length ? ' reason-fault' : ''}"` +
      `${declineFaults.length ? ' aria-invalid="true"' : ''}>${escapeHtml(form.reason ?? '')}</textarea>` +
      `<button type="submit" class="secondary">${escapeHtml(t.decline)}</button></form></section>`,
    paths.page,
  );
}

/** The whole page for one state of a signing link, in the given locale. */
export function renderSigningPage(state: SigningPageState, locale: PageLocale): string {
  const t = TEXT[locale];
  switch (state.kind) {
    case 'ready':
      return readyPage(state, locale);
    case 'signed': {
      const at = formatSwedishDate(state.signedAt);
      return layout(locale, t.signedTitle, `<h1>${escapeHtml(t.signedTitle)}</h1><p role="status">${escapeHtml(t.signed(state.signerName, state.organizationName, at))}</p>`);
    }
    case 'declined':
      return layout(locale, t.declinedTitle, `<h1>${escapeHtml(t.declinedTitle)}</h1><p role="status">${escapeHtml(t.declined(state.organizationName))}</p>`);
    case 'invalid': {
      const [title, text] = t.invalid[state.reason];
      return layout(locale, title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`);
    }
  }
}
