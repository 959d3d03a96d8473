/** @module The agreement's data as the generated PDF and the signing page show it, and the signature that closes it. */

/** A party to the agreement: a legal person named with its Swedish organisation number where known. */
export interface Party {
  name: string;
  orgNumber?: string | null;
}

/** Everything a filled agreement names; the order, its trial, reseller, licence and the vendor's own details supply it. */
export interface AgreementData {
  /** The order the agreement belongs to (`ord_…`), printed as the agreement's reference. */
  orderId: string;
  vendor: Party;
  reseller: Party;
  organization: Party;
  invoicing: { name: string; orgNumber: string; email: string; address?: string | null; reference?: string | null };
  licence: { name: string; annualPrice: { amount: number; currency: string } };
  /** The licence period: the first day (a calendar date, `YYYY-MM-DD`) and its length; licences renew yearly. */
  term: { startsOn: string; months: number };
  signer: { name: string; email: string };
  /** When the draft was made, from the injected clock; the agreement's date and the PDF's creation date. */
  issuedAt: Date;
}

/** What the signer did on the signing page, as the signature page records it. */
export interface SignatureRecord {
  /** The name the signer typed as signature. */
  typedName: string;
  email: string;
  /** From the injected clock at the moment the signature was accepted. */
  signedAt: Date;
  ipAddress: string;
  userAgent: string;
  /** The exact statement the signer ticked, e.g. "Jag har läst och godkänner avtalet". */
  consentText: string;
}
