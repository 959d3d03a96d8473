/**
 * @module Examples for the API reference: one made-up reseller's trial, order and customer, as the service answers
 * (taken from a real run), so the request and response examples on /docs agree with each other.
 */
const at = '2026-01-15T09:00:00.000Z';
const ids = { reseller: 'res_01m8r3bfm5004wshawxbwz', organization: 'org_01m8r3bssk00t55crwyqaz', trial: 'trial_01m8r3bssp00jdzmyqb4j9', licence: 'lic_01m8r3bsse00dc712z9hkn', order: 'ord_01m8r3bssx004d4pehkmv3', customer: 'cus_01m8r3bsvz005jf7nf24tj' };
const annualPrice = { amount: 1200000, currency: 'SEK' };
const invoicing = { name: 'Brf Solrosen', orgNumber: '769600-1234', email: 'faktura@solrosen.se', reference: 'Styrelsen' };
const signer = { name: 'Anna Andersson', email: 'anna@solrosen.se' };

export const examples = {
  resellerInput: { name: 'Fastighetspartner AB', orgNumber: '556677-8899', contactEmail: 'kontakt@fastighetspartner.se', discountPercent: 20, allowedOrigins: ['https://pms.example'], portalUrl: 'https://pms.example/aterforsaljning' },
  reseller: { id: ids.reseller, name: 'Fastighetspartner AB', orgNumber: '556677-8899', contactEmail: 'kontakt@fastighetspartner.se', discountPercent: 20, allowedOrigins: ['https://pms.example'], portalUrl: 'https://pms.example/aterforsaljning', createdAt: at },
  organization: { id: ids.organization, name: 'Brf Solrosen', orgNumber: '769600-1234', heldBy: { trialId: ids.trial, status: 'active' }, createdAt: at, updatedAt: at },
  trialInput: { organizationId: ids.organization, customerType: 'brf', users: [{ email: 'anna@solrosen.se', role: 'editor' }] },
  trial: {
    id: ids.trial,
    organizationId: ids.organization,
    organizationName: 'Brf Solrosen',
    customerType: 'brf',
    status: 'active',
    endsAt: '2026-02-14T09:00:00.000Z',
    expiredAt: null,
    createdAt: at,
    users: [{ id: 'tu_01m8r3bssq00dhtvf2xr16', email: 'anna@solrosen.se', role: 'editor', status: 'invited', acceptedAt: null, lastActivityAt: null, lastEditAt: null, planEdits: 0 }],
    engagement: { invited: 1, accepted: 0, activeUsers7d: 0, lastActivityAt: null, planEdits: 0, level: 'none' },
  },
  orderInput: { licenceId: ids.licence, invoicing, signer },
  order: {
    id: ids.order,
    trialId: ids.trial,
    licenceId: ids.licence,
    status: 'submitted',
    invoicing,
    signer,
    agreement: { sha256: 'cfa3181c1ee36e8bce5e39f84959f4558ea7ba32c0e4539a8ab3c8ce8c716ec6', size: 48213, uploadedAt: at, filename: 'avtal-brf-solrosen.pdf', signedElectronically: false },
    rejectionReason: null,
    submittedAt: at,
    decidedAt: null,
    createdAt: at,
    updatedAt: at,
  },
  customer: {
    id: ids.customer,
    organizationId: ids.organization,
    organizationName: 'Brf Solrosen',
    trialId: ids.trial,
    orderId: ids.order,
    licenceId: ids.licence,
    licenceName: 'Underhållsplan Brf',
    annualPrice,
    status: 'active',
    licenceYear: 1,
    renewsAt: '2027-01-15T09:00:00.000Z',
    cancelAtPeriodEnd: false,
    cancelledAt: null,
    createdAt: at,
  },
  event: { id: 'evt_01m8r3bssr0036qtra9f6e', type: 'trial.created', createdAt: at, data: { id: ids.trial, organizationId: ids.organization, status: 'active' } },
  money: annualPrice,
};
