/** @module The e-mails customers and resellers receive, in Swedish. */
export interface MailMessage {
  subject: string;
  text: string;
}

const sign = '\n\nVänliga hälsningar\nPlanima';
const date = (iso: string) => iso.slice(0, 10);
/** A name on one line, whatever an older row holds: the API refuses line breaks in names, this keeps mail safe anyway. */
const line = (s: string) => s.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ');
/** Text that may span lines, set apart as a quotation so no line of it can pass for the sender's own. */
const quote = (s: string) => s.split(/\r\n|[\r\n\u0085\u2028\u2029]/).map((l) => `> ${l}`).join('\n');

export function invitation(p: { organizationName: string; link: string; endsAt: string; role: string }): MailMessage {
  const access = p.role === 'editor' ? 'redigera' : 'läsa';
  return {
    subject: `Välkommen till Planima – provkonto för ${line(p.organizationName)}`,
    text:
      `Hej!\n\nDu har bjudits in till ett provkonto för ${line(p.organizationName)}, där du kan ${access} underhållsplanen.\n\n` +
      `Så loggar du in:\n1. Öppna länken nedan.\n2. Välj ett lösenord.\n3. Logga in med din e-postadress och ditt lösenord.\n\n${p.link}\n\n` +
      `Länken kan användas en gång. Provperioden pågår till och med ${date(p.endsAt)}.` + sign,
  };
}

export function customerInvitation(p: { organizationName: string; link: string; role: string }): MailMessage {
  const access = p.role === 'editor' ? 'redigera' : 'läsa';
  return {
    subject: `Välkommen till Planima – ${p.organizationName}`,
    text:
      `Hej!\n\nDu har bjudits in till Planima för ${p.organizationName}, där du kan ${access} underhållsplanen.\n\n` +
      `Så loggar du in:\n1. Öppna länken nedan.\n2. Välj ett lösenord.\n3. Logga in med din e-postadress och ditt lösenord.\n\n${p.link}\n\n` +
      `Länken kan användas en gång.` + sign,
  };
}

export function trialExpiring(p: { organizationName: string; endsAt: string }): MailMessage {
  return {
    subject: `Provkontot för ${line(p.organizationName)} löper ut snart`,
    text:
      `Hej!\n\nProvkontot för ${line(p.organizationName)} löper ut ${date(p.endsAt)}. Därefter går det inte längre att logga in, ` +
      `och uppgifterna raderas sex månader efter att provperioden har gått ut.\n\nKontakta er återförsäljare för att beställa Planima.` + sign,
  };
}

export function orderApproved(p: { organizationName: string; licenceName: string; renewsAt: string }): MailMessage {
  return {
    subject: `Beställningen för ${line(p.organizationName)} är godkänd`,
    text:
      `Hej!\n\nBeställningen av ${line(p.licenceName)} för ${line(p.organizationName)} är signerad och godkänd. ` +
      `Kontot har flyttats från Provkonton till Kunder och licensen förnyas ${date(p.renewsAt)}.` + sign,
  };
}

export function renewalUpcoming(p: { organizationName: string; licenceName: string; renewsAt: string; vendorAmount: string }): MailMessage {
  return {
    subject: `Licensen för ${line(p.organizationName)} förnyas ${date(p.renewsAt)}`,
    text:
      `Hej!\n\nLicensen ${line(p.licenceName)} för ${line(p.organizationName)} förnyas ${date(p.renewsAt)} för ett år till. ` +
      `Vi fakturerar er ${p.vendorAmount} (exklusive moms) för det nya licensåret.\n\n` +
      `Ska kunden inte förnya? Välj "Säg upp vid periodens slut" under Kunder före ${date(p.renewsAt)}, så upphör licensen när licensåret är slut.` + sign,
  };
}

export function orderRejected(p: { organizationName: string; reason: string }): MailMessage {
  return {
    subject: `Beställningen för ${line(p.organizationName)} behöver kompletteras`,
    text: `Hej!\n\nBeställningen för ${line(p.organizationName)} kunde inte godkännas. Anledning:\n\n${quote(p.reason)}\n\nRätta uppgifterna och skicka beställningen igen.` + sign,
  };
}

export function signatureRequested(p: { signerName: string; resellerName: string; organizationName: string; link: string; expiresOn: string }): MailMessage {
  return {
    subject: `Slutkundsavtal för ${line(p.organizationName)} att signera`,
    text:
      `Hej ${line(p.signerName)}!\n\n${line(p.resellerName)} har skickat slutkundsavtalet för ${line(p.organizationName)} till dig för underskrift.\n\n` +
      `Öppna länken nedan, läs avtalet och signera det, eller avböj:\n\n${p.link}\n\n` +
      `Länken är personlig, gäller till och med ${p.expiresOn} och kan användas en gång.` + sign,
  };
}

export function agreementSigned(p: { organizationName: string; signerName: string; submitted: boolean }): MailMessage {
  return {
    subject: `Avtalet för ${line(p.organizationName)} är signerat`,
    text:
      `Hej!\n\n${line(p.signerName)} har signerat slutkundsavtalet för ${line(p.organizationName)}. Det signerade avtalet finns nu på beställningen.\n\n` +
      (p.submitted ? 'Beställningen har skickats in för granskning.' : 'Skicka in beställningen när du är redo.') + sign,
  };
}

export function agreementDeclined(p: { organizationName: string; signerName: string; reason: string }): MailMessage {
  return {
    subject: `Avtalet för ${line(p.organizationName)} signerades inte`,
    text: `Hej!\n\n${line(p.signerName)} har avböjt att signera slutkundsavtalet för ${line(p.organizationName)}. Anledning:\n\n${quote(p.reason)}\n\nRätta uppgifterna och skicka avtalet för signering igen.` + sign,
  };
}
