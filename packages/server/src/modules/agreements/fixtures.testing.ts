/** @module Test support: an agreement as an order would fill it, with Swedish letters where they matter. */
import type { AgreementData, SignatureRecord } from './model.js';

export function agreementData(overrides: Partial<AgreementData> = {}): AgreementData {
  return {
    orderId: 'ord_01jtestorder',
    vendor: { name: 'Planima AB', orgNumber: '556000-0001' },
    reseller: { name: 'Fastighetskonsult Öst AB', orgNumber: '556000-0002' },
    organization: { name: 'Brf Solrosen i Västerås', orgNumber: '769600-1234' },
    invoicing: { name: 'Brf Solrosen', orgNumber: '769600-1234', email: 'faktura@solrosen.se', address: 'Storgatan 1, 722 11 Västerås', reference: 'Åsa Ek' },
    licence: { name: 'Planima BRF', annualPrice: { amount: 1_234_500, currency: 'SEK' } },
    term: { startsOn: '2026-12-01', months: 12 },
    signer: { name: 'Åsa Ek', email: 'asa@solrosen.se' },
    issuedAt: new Date('2026-12-01T10:00:00Z'),
    ...overrides,
  };
}

export function signatureRecord(overrides: Partial<SignatureRecord> = {}): SignatureRecord {
  return {
    typedName: 'Åsa Ek',
    email: 'asa@solrosen.se',
    signedAt: new Date('2026-12-03T13:45:07.123Z'),
    ipAddress: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
    consentText: 'Jag har läst och godkänner avtalet',
    ...overrides,
  };
}
