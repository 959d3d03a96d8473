import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuedParts } from '../src/mail/outbox.js';
import { runDueJobs } from '../src/scheduler/jobs.js';
import { startWebhookWorker, type WebhookWorker } from '../src/webhooks/delivery/worker.js';
import { createHarness, latestInvitationToken, TEST_ADMIN_KEY, TEST_PDF, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';
import { startReceiver, type Receiver } from './webhook-receiver.js';

const DAY = 86_400_000;
/** What the declining signer typed: free text about themselves, personal data like their address. Lower case, as searched. */
const DECLINE_REASON = 'fel datum, jag (avböjare-7f3q) är bortrest i juli';

/**
 * Every value of every row of every table, as text: a table or column added later is searched too. Blobs are read as
 * Latin-1 so that an address inside a stored file is found as well.
 */
async function everyValue(h: Harness): Promise<{ table: string; text: string }[]> {
  const db = h.services.ctx.db;
  const tables =
    h.services.store.dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(db)).rows.map((r) => r.name);
  expect(tables).toEqual(expect.arrayContaining(['trial_users', 'emails', 'events', 'orders', 'webhook_attempts', 'agreements']));
  const out: { table: string; text: string }[] = [];
  for (const table of tables) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
    for (const row of rows) {
      const text = Object.values(row)
        .map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : String(v)))
        .join('\u0000');
      out.push({ table, text: text.toLowerCase() });
    }
  }
  return out;
}

describe.each(testDialects)('a purge erases the personal data of the account everywhere (%s)', (dialect) => {
  let h: Harness;
  let r: { id: string; key: string };
  let rx: Receiver;
  let worker: WebhookWorker;
  beforeAll(async () => {
    // Retention off: what is gone after the purge must be gone because the purge erased it, not because it aged out
    // (retention.test.ts covers pruning).
    h = await createHarness(dialect, { env: { WEBHOOK_ALLOW_PRIVATE: 'true', RETENTION_ATTEMPT_DAYS: '0', RETENTION_EVENT_DAYS: '0', RETENTION_EMAIL_DAYS: '0' } });
    r = await h.reseller();
    // An endpoint that echoes every payload back: the attempt log keeps the first KB of each reply.
    rx = await startReceiver((req) => ({ status: 200, body: req.body }));
    await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: rx.url } });
    worker = startWebhookWorker(h.services, { pollMs: 50, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await worker.stop();
    await rx.close();
    await h.close();
  });

  const post = (path: string, body?: unknown, key = r.key) => h.call('POST', path, { key, body });
  const org = async (name: string) => (await post('/v1/organizations', { name })).body.id as string;
  const trial = async (organizationId: string, emails: string[]) => (await post('/v1/trials', { organizationId, customerType: 'brf', users: emails.map((email) => ({ email })) })).body;
  const accept = async (email: string) => post('/v1/invitations/accept', { token: await latestInvitationToken(h, email), password: 'ett långt lösenord' });

  it('leaves no trace of a purged user, signer or invoicing contact in any table, and keeps what accounting needs', async () => {
    const licenceId = (await h.licence('brf')).id;
    const order = (trialId: string, who: string) =>
      post(`/v1/trials/${trialId}/orders`, {
        licenceId,
        invoicing: { name: `Brf ${who}`, orgNumber: '769600-1234', email: `faktura.${who}@purge.test`, reference: `Referens ${who}son` },
        signer: { name: `Signe ${who}son`, email: `signer.${who}@purge.test` },
      });
    const attachAndSubmit = async (orderId: string) => {
      await h.call('PUT', `/v1/orders/${orderId}/agreement`, { key: r.key, raw: TEST_PDF, headers: { 'content-type': 'application/pdf' } });
      expect((await post(`/v1/orders/${orderId}/submit`)).status).toBe(200);
    };

    // An expired trial: users invited, one removed, one logged in, an order rejected and corrected.
    const expired = await trial(await org('Brf Utgången'), ['anna.expired@purge.test', 'bo.expired@purge.test', 'delad@purge.test']);
    await post(`/v1/trials/${expired.id}/users`, { email: 'cecilia.expired@purge.test' });
    await h.call('DELETE', `/v1/trials/${expired.id}/users/${expired.users[1].id}`, { key: r.key });
    expect((await accept('anna.expired@purge.test')).status).toBe(200);
    await post(`/v1/trials/${expired.id}/extend`, { days: 1 });
    const expiredOrder = (await order(expired.id, 'expired')).body;
    // The signer was sent a signing link and declined it: the link, its mail and the event name them.
    expect((await post(`/v1/orders/${expiredOrder.id}/signature-request`, {})).status).toBe(201);
    const signMail = await h.services.ctx.db.selectFrom('emails').selectAll().where('to_address', '=', 'signer.expired@purge.test').executeTakeFirstOrThrow();
    const signLink = queuedParts(signMail, h.services.ctx.branding).text;
    const signToken = /\/sign\/([A-Za-z0-9_-]+)/.exec(signLink)![1]!;
    const declined = await h.app.request(`/sign/${signToken}/decline`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: h.config.PUBLIC_URL }, body: new URLSearchParams({ reason: DECLINE_REASON }).toString() });
    expect(declined.status).toBe(200);
    await attachAndSubmit(expiredOrder.id);
    await post(`/v1/admin/orders/${expiredOrder.id}/reject`, { reason: 'Avtalet saknar datum.' }, TEST_ADMIN_KEY);

    // A cancelled trial.
    const cancelled = await trial(await org('Brf Avbruten'), ['anna.cancelled@purge.test']);
    await post(`/v1/trials/${cancelled.id}/cancel`);

    // A customer, later cancelled by the vendor.
    const sold = await trial(await org('Brf Uppsagd'), ['anna.customer@purge.test']);
    const soldOrder = (await order(sold.id, 'customer')).body;
    // A signing link sent, then a PDF signed elsewhere uploaded in its place: the withdrawn link still names the signer.
    expect((await post(`/v1/orders/${soldOrder.id}/signature-request`, {})).status).toBe(201);
    await attachAndSubmit(soldOrder.id);
    const approval = await post(`/v1/admin/orders/${soldOrder.id}/approve`, undefined, TEST_ADMIN_KEY);
    const customerId = approval.body.customer.id;
    await post(`/v1/customers/${customerId}/users`, { email: 'bo.customer@purge.test' });
    await post(`/v1/admin/customers/${customerId}/cancel`, undefined, TEST_ADMIN_KEY);

    const purged = ['anna.expired', 'bo.expired', 'cecilia.expired', 'faktura.expired', 'signer.expired', 'anna.cancelled', 'anna.customer', 'bo.customer', 'faktura.customer', 'signer.customer']
      .map((a) => `${a}@purge.test`)
      .concat(['Signe expiredson', 'Referens expiredson', 'Signe customerson', 'Referens customerson'].map((s) => s.toLowerCase()))
      .concat([DECLINE_REASON]);
    const tracesOf = async (needles: string[]) => {
      const values = await everyValue(h);
      return needles.flatMap((n) => values.filter((v) => v.text.includes(n)).map((v) => `${n} in ${v.table}`));
    };
    /** Every delivery answered (and its reply logged) before the next step. */
    const delivered = () =>
      expect.poll(async () => (await h.services.ctx.db.selectFrom('webhook_deliveries').select('id').where('status', '!=', 'succeeded').execute()).length, { timeout: 10_000 }).toBe(0);

    // Everything is there to be found before the purge, the echoed webhook replies included.
    await delivered();
    const before = await tracesOf(purged);
    for (const needle of purged) expect(before.some((t) => t.startsWith(`${needle} in`))).toBe(true);
    expect(before).toEqual(expect.arrayContaining(['anna.expired@purge.test in webhook_attempts', 'signer.expired@purge.test in orders', 'anna.expired@purge.test in emails']));
    // The decline reason is in the link, the reseller's e-mail, the event and the echoed webhook reply.
    expect(before).toEqual(expect.arrayContaining(['signature_requests', 'emails', 'events', 'webhook_attempts'].map((t) => `${DECLINE_REASON} in ${t}`)));

    h.clock.advance(31 * DAY);
    expect(await runDueJobs(h.services.ctx)).toMatchObject({ expired: 1, purged: 1 }); // the cancelled trial after 30 days
    // A trial opened later shares an address with the expired one; it expires but is not due for purge yet.
    const live = await trial(await org('Brf Levande'), ['delad@purge.test', 'live@purge.test']);
    await delivered();
    h.clock.advance(6 * 31 * DAY);
    expect(await runDueJobs(h.services.ctx)).toMatchObject({ expired: 1, purgeScheduled: 1, purged: 1, customersPurged: 1 });
    expect(await runDueJobs(h.services.ctx)).toMatchObject({ purged: 0, customersPurged: 0 });
    await delivered();
    const trialStatus = async (id: string) => (await h.call('GET', `/v1/trials/${id}`, { key: r.key })).body.status;
    expect([await trialStatus(expired.id), await trialStatus(cancelled.id), await trialStatus(sold.id), await trialStatus(live.id)]).toEqual(['purged', 'purged', 'converted', 'expired']);

    expect(await tracesOf(purged)).toEqual([]);

    // What accounting needs stays: the orders with licence, amounts' basis and organisation number, the customer, the
    // ledger, the customer's signed agreement, and every event (redacted, not deleted).
    const orders = await h.call('GET', `/v1/orders?trialId=${expired.id}`, { key: r.key });
    expect(orders.body.data[0]).toMatchObject({ licenceId, invoicing: { name: 'Brf expired', orgNumber: '769600-1234', email: '[purged]', reference: '[purged]' }, signer: { name: '[purged]', email: '[purged]' } });
    expect((await h.call('GET', `/v1/customers/${customerId}`, { key: r.key })).body).toMatchObject({ status: 'cancelled', orderId: soldOrder.id, licenceId });
    expect(await h.services.ctx.db.selectFrom('revenue_entries').select('id').where('customer_id', '=', customerId).execute()).toHaveLength(1);
    expect((await h.app.request(`/v1/orders/${soldOrder.id}/agreement`, { headers: { authorization: `Bearer ${r.key}` } })).status).toBe(200);
    expect((await h.app.request(`/v1/orders/${expiredOrder.id}/agreement`, { headers: { authorization: `Bearer ${r.key}` } })).status).toBe(404);
    const feed = (await h.call('GET', '/v1/events?limit=100', { key: r.key })).body.data;
    const created = feed.find((e: any) => e.type === 'trial.created' && e.data.id === expired.id);
    expect(created.data.users.map((u: any) => u.email)).toEqual(['[purged]', '[purged]', '[purged]']);
    // The signer's decline reason goes; the vendor's rejection reason is not personal data and stays.
    expect(feed.find((e: any) => e.type === 'order.agreement_declined' && e.data.orderId === expiredOrder.id).data).toMatchObject({ signer: { name: '[purged]', email: '[purged]' }, reason: '[purged]' });
    expect(feed.find((e: any) => e.type === 'order.rejected' && e.data.id === expiredOrder.id).data).toMatchObject({ rejectionReason: 'Avtalet saknar datum.' });
    expect(feed.filter((e: any) => e.type === 'trial.purged').map((e: any) => e.data.trialId).sort()).toEqual([cancelled.id, expired.id].sort());
    expect(feed.filter((e: any) => e.type === 'customer.purged').map((e: any) => e.data.customerId)).toEqual([customerId]);

    // The live account that shares an address is untouched.
    const liveNow = await h.call('GET', `/v1/trials/${live.id}`, { key: r.key });
    expect(liveNow.body.users.map((u: any) => u.email)).toEqual(['delad@purge.test', 'live@purge.test']);
    expect(await h.services.ctx.db.selectFrom('emails').select('id').where('to_address', '=', 'delad@purge.test').execute()).not.toHaveLength(0);
  });
});
