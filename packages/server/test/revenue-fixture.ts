/**
 * @module A book of revenue built through the API on the manual clock, for the forecast and statement tests: two
 * resellers with customers from approved orders, expired trials enough for a measured conversion rate, open trials.
 */
import { submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { runDueJobs } from '../src/scheduler/jobs.js';

const DAY = 86_400_000;

async function customer(h: Harness, r: { key: string }, licenceId: string, orgName: string) {
  const ids = await submittedOrder(h, r, licenceId, orgName);
  const approved = await h.call('POST', `/v1/admin/orders/${ids.orderId}/approve`, { key: TEST_ADMIN_KEY });
  if (approved.status !== 200) throw new Error(`approve: ${JSON.stringify(approved.body)}`);
  return approved.body.customer as { id: string; renewsAt: string };
}

async function trial(h: Harness, r: { key: string }, customerType: string, orgName: string) {
  const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: orgName } });
  const created = await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType, users: [{ email: `styrelsen@${org.body.id.toLowerCase().replace(/_/g, '-')}.test` }] } });
  if (created.status !== 201) throw new Error(`trial: ${JSON.stringify(created.body)}`);
  return created.body as { id: string; endsAt: string };
}

/**
 * From 2026-01-15 09:00 to 2026-02-20 10:00 (UTC):
 * - A (20 %): customers on the 12 000 kr licence (15 Jan, org "Brf Sjöängen; hus \"2\"") and the 9 000 kr one
 *   (20 Feb), 8 trials that expired, open trials ending 22 March (brf) and 21 April (municipality): measured 2/10.
 * - B (25 %): a customer on the 9 000 kr licence (15 Jan), an open trial ending 22 March: default 1/4.
 */
export async function revenueBook(h: Harness) {
  const a = await h.reseller({ discountPercent: 20, name: 'Åkesson & Öberg AB' });
  const b = await h.reseller({ discountPercent: 25 });
  const full = await h.licence('brf', 1_200_000);
  const cheap = await h.licence('brf', 900_000);
  await h.licence('municipality', 2_000_000);

  const a1 = await customer(h, a, full.id, 'Brf Sjöängen; hus "2"');
  const b1 = await customer(h, b, cheap.id, 'Brf Björken');
  for (let i = 0; i < 8; i++) await trial(h, a, 'brf', `Brf Utgången ${i}`);
  h.clock.advance(36 * DAY + 1);
  const jobs = await runDueJobs(h.services.ctx);
  if (jobs.expired !== 8) throw new Error(`expected 8 expired trials, got ${JSON.stringify(jobs)}`);
  const a2 = await customer(h, a, cheap.id, '=Brf Formeln');
  await trial(h, a, 'brf', 'Brf Öppen');
  const muni = await trial(h, a, 'municipality', 'Vallby kommun');
  const extended = await h.call('POST', `/v1/trials/${muni.id}/extend`, { key: a.key, body: { days: 30 } });
  if (extended.status !== 200) throw new Error(`extend: ${JSON.stringify(extended.body)}`);
  await trial(h, b, 'brf', 'Brf Öppen B');
  // Past the approvals, so the conversions of today fall inside the window that ends now.
  h.clock.advance(3_600_000 - 1);
  return { a, b, a1, a2, b1, licences: { full, cheap } };
}
