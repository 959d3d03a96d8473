import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queuedParts } from '../src/mail/outbox.js';
import { createHarness, latestInvitationToken, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { testDialects } from '@resellerkit/dev-env/stores';

const PASSWORD = 'ett långt lösenord';

describe.each(testDialects)("a customer's users (%s)", (dialect) => {
  let h: Harness;
  let r: { id: string; key: string };
  let licenceId: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    r = await h.reseller();
    licenceId = (await h.licence('brf')).id;
  });
  afterAll(() => h.close());

  const customer = async (name: string) => {
    const { orderId, trialId } = await submittedOrder(h, r, licenceId, name);
    const approved = await h.call('POST', `/v1/admin/orders/${orderId}/approve`, { key: TEST_ADMIN_KEY });
    return { id: approved.body.customer.id as string, trialId };
  };
  const acceptInvitation = async (email: string) => {
    const res = await h.call('POST', '/v1/invitations/accept', { body: { token: await latestInvitationToken(h, email), password: PASSWORD } });
    return res;
  };
  const me = (token: string) => h.call('GET', '/v1/me', { key: token });
  const eventsOf = async (type: string) => (await h.call('GET', `/v1/events?type=${type}&limit=100`, { key: r.key })).body.data;

  it('are listed, invited, changed and removed like a trial\'s, with their own events', async () => {
    const c = await customer('Brf Kundanvändare');
    const listed = await h.call('GET', `/v1/customers/${c.id}/users`, { key: r.key });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ data: [expect.objectContaining({ email: 'styrelsen@solrosen.test', role: 'editor', status: 'invited' })], nextCursor: null });

    const added = await h.call('POST', `/v1/customers/${c.id}/users`, { key: r.key, body: { email: 'Kassor@Solrosen.test', role: 'reader' } });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ email: 'kassor@solrosen.test', role: 'reader', status: 'invited' });
    expect((await h.call('POST', `/v1/customers/${c.id}/users`, { key: r.key, body: { email: 'kassor@solrosen.test' } })).status).toBe(409);
    const row = await h.services.ctx.db.selectFrom('emails').selectAll().where('to_address', '=', 'kassor@solrosen.test').executeTakeFirstOrThrow();
    expect(row.subject).toBe('Välkommen till Planima – Brf Kundanvändare');
    const mail = queuedParts(row, h.services.ctx.branding);
    expect(mail.subject).toBe(row.subject);
    expect(mail.text).not.toContain('Provperioden');

    // The new user redeems the invitation and reads the plan; as a reader it may not change it.
    const session = (await acceptInvitation('kassor@solrosen.test')).body.session.token;
    expect((await me(session)).body).toMatchObject({ email: 'kassor@solrosen.test', role: 'reader', trialId: c.trialId });
    expect((await h.call('PUT', '/v1/me/plan', { key: session, body: { actions: [] } })).status).toBe(403);
    const promoted = await h.call('PATCH', `/v1/customers/${c.id}/users/${added.body.id}`, { key: r.key, body: { role: 'editor' } });
    expect(promoted.body.role).toBe('editor');
    expect((await h.call('PUT', '/v1/me/plan', { key: session, body: { actions: [] } })).status).toBe(200);

    expect((await h.call('DELETE', `/v1/customers/${c.id}/users/${added.body.id}`, { key: r.key })).status).toBe(204);
    expect((await me(session)).status).toBe(401);
    expect((await h.call('POST', '/v1/login', { body: { email: 'kassor@solrosen.test', password: PASSWORD } })).status).toBe(401);
    expect((await h.call('DELETE', `/v1/customers/${c.id}/users/${added.body.id}`, { key: r.key })).status).toBe(404);

    const [userAdded] = await eventsOf('customer.user_added');
    expect(userAdded.data).toEqual({ customerId: c.id, trialId: c.trialId, user: added.body });
    const [userRemoved] = await eventsOf('customer.user_removed');
    // The user as it was when removed: accepted, and with the plan edit made above.
    const at = h.clock.now().toISOString();
    expect(userRemoved.data).toEqual({ customerId: c.id, trialId: c.trialId, user: { ...added.body, role: 'editor', status: 'active', acceptedAt: at, lastActivityAt: at, lastEditAt: at, planEdits: 1 } });

    // The trial's own user endpoints stay closed once it is converted; another reseller sees no such customer.
    expect((await h.call('POST', `/v1/trials/${c.trialId}/users`, { key: r.key, body: { email: 'ny@solrosen.test' } })).status).toBe(409);
    const other = await h.reseller();
    expect((await h.call('GET', `/v1/customers/${c.id}/users`, { key: other.key })).status).toBe(404);
    expect((await h.call('POST', `/v1/customers/${c.id}/users`, { key: other.key, body: { email: 'x@y.test' } })).status).toBe(404);
  });

  it('cancellation ends every session and shuts login, invitations and changes out', async () => {
    const c = await customer('Brf Uppsagd Kund');
    const session = (await acceptInvitation('styrelsen@solrosen.test')).body.session.token;
    expect((await me(session)).status).toBe(200);
    await h.call('POST', `/v1/customers/${c.id}/users`, { key: r.key, body: { email: 'sen@uppsagd.test' } });

    expect((await h.call('POST', `/v1/admin/customers/${c.id}/cancel`, { key: TEST_ADMIN_KEY })).status).toBe(200);
    expect((await me(session)).status).toBe(401);
    expect((await h.call('GET', '/v1/me/plan', { key: session })).status).toBe(401);
    const sessions = await h.services.ctx.db
      .selectFrom('user_sessions')
      .innerJoin('trial_users', 'trial_users.id', 'user_sessions.trial_user_id')
      .select('user_sessions.id')
      .where('trial_users.trial_id', '=', c.trialId)
      .execute();
    expect(sessions).toEqual([]);
    const login = await h.call('POST', '/v1/login', { body: { email: 'styrelsen@solrosen.test', password: PASSWORD } });
    expect(login.status).toBe(403);
    expect((await acceptInvitation('sen@uppsagd.test')).status).toBe(403);
    expect((await h.call('POST', `/v1/customers/${c.id}/users`, { key: r.key, body: { email: 'annu@uppsagd.test' } })).status).toBe(409);
    const users = await h.call('GET', `/v1/customers/${c.id}/users`, { key: r.key });
    expect(users.body.data.map((u: { email: string }) => u.email)).toEqual(['styrelsen@solrosen.test', 'sen@uppsagd.test']);
    expect((await h.call('DELETE', `/v1/customers/${c.id}/users/${users.body.data[1].id}`, { key: r.key })).status).toBe(409);
  });
});
