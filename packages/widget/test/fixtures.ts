/** @module Data that strains the layout, made through the API as a reseller and the vendor would: long names, every order state, a full review queue. */
import { AGREEMENT_PDF, DEMO_RESELLER_KEY, type Stack } from './stack.js';

/** Organization names as long as real ones get (Swedish compounds do not break by themselves). */
export const LONG_NAMES = {
  rejected: 'Bostadsrättsföreningen Kvarnholmsstrandens Terrasshus i Nacka kommun',
  draft: 'Riksbyggens Bostadsrättsförening Hammarbyhöjdens Gårdar nr 2',
  submitted: ['Fastighetsaktiebolaget Norrmalmstorgsgallerian Förvaltning', 'Samfällighetsföreningen Gemensamhetsanläggningen Västerbyn', 'Kommunfastigheter i Upplands-Bro Förvaltningsaktiebolag'],
} as const;

export const REJECTION = 'Avtalet saknar firmatecknarens underskrift på sidan tre, och organisationsnumret i fakturauppgifterna hör till en annan förening. Rätta och skicka igen.';

async function ok<T = any>(p: Promise<{ status: number; body: T }>): Promise<T> {
  const r = await p;
  if (r.status >= 300) throw new Error(`fixture call failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function uploadAgreement(stack: Stack, orderId: string, filename: string): Promise<void> {
  const res = await fetch(`${stack.api.url}/v1/orders/${orderId}/agreement?filename=${encodeURIComponent(filename)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${DEMO_RESELLER_KEY}`, 'content-type': 'application/pdf' },
    body: AGREEMENT_PDF,
  });
  if (!res.ok) throw new Error(`upload: ${res.status}`);
}

/** An organization with a trial and an order in `status`; returns the trial. */
async function trialWithOrder(stack: Stack, name: string, status: 'draft' | 'submitted' | 'rejected', reason = REJECTION) {
  const org = await ok(stack.asReseller('POST', '/v1/organizations', { name, orgNumber: '769622-1234' }));
  const trial = await ok(
    stack.asReseller('POST', '/v1/trials', {
      organizationId: org.id,
      customerType: 'brf',
      users: [{ email: 'styrelseordforande.for.foreningen@kvarnholmsstrandens-terrasshus.example' }, { email: 'kassor@example.se', role: 'reader' }],
    }),
  );
  const licences = await ok<{ data: { id: string; customerType: string }[] }>(stack.asReseller('GET', '/v1/licences'));
  const order = await ok(
    stack.asReseller('POST', `/v1/trials/${trial.id}/orders`, {
      licenceId: licences.data.find((l) => l.customerType === 'brf')!.id,
      invoicing: { name, orgNumber: '769622-1234', email: 'fakturor.ekonomiansvarig@kvarnholmsstrandens-terrasshus.example' },
      signer: { name: 'Margareta Andersson-Lindqvist', email: 'margareta.andersson-lindqvist@kvarnholmsstrandens-terrasshus.example' },
    }),
  );
  if (status !== 'draft') {
    await uploadAgreement(stack, order.id, 'slutkundsavtal-signerat-av-styrelsen-2026.pdf');
    await ok(stack.asReseller('POST', `/v1/orders/${order.id}/submit`));
  }
  if (status === 'rejected') await ok(stack.asAdmin('POST', `/v1/admin/orders/${order.id}/reject`, { reason }));
  return trial as { id: string; organizationName: string };
}

/** Long names in every order state, a rejection with a long reason, and three orders waiting for the vendor. */
export async function seedCrowdedPortal(stack: Stack) {
  const rejected = await trialWithOrder(stack, LONG_NAMES.rejected, 'rejected');
  await trialWithOrder(stack, LONG_NAMES.draft, 'draft');
  for (const name of LONG_NAMES.submitted) await trialWithOrder(stack, name, 'submitted');
  return { rejected };
}
