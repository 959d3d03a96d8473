import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport, sendDueEmails } from '../src/mail/sender.js';
import { runDueJobs } from '../src/scheduler/jobs.js';
import { createHarness, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { startSmtpReceiver } from '@resellerkit/dev-env/smtp';
import { testDialects } from '@resellerkit/dev-env/stores';

const DAY = 86_400_000;

describe.each(testDialects)('the daily engagement digest over real SMTP (%s)', (dialect) => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let transport: ReturnType<typeof createTransport>;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    h = await createHarness(dialect, { clockStart: '2026-05-04T06:00:00.000Z', env: { SMTP_URL: smtp.url, VENDOR_NAME: 'Planima' } });
    transport = createTransport(h.config.SMTP_URL);
  });
  afterAll(async () => {
    transport?.close();
    await smtp.close();
    await h.close();
  });

  it('sends the reseller one Swedish digest a day listing the trials gone quiet', async () => {
    const r = await h.reseller();
    const other = await h.reseller();
    let n = 0;
    const trialFor = async (key: string, name: string) => {
      const org = await h.call('POST', '/v1/organizations', { key, body: { name } });
      const t = await h.call('POST', '/v1/trials', { key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: `styrelsen${++n}@digest.test` }] } });
      expect(t.status).toBe(201);
    };
    await trialFor(r.key, 'Brf Tystnaden');
    await trialFor(r.key, 'Brf Stillheten');
    h.clock.advance(4 * 3600_000);
    await trialFor(r.key, 'Brf Sent');
    await trialFor(other.key, 'Brf Annan');
    await sendDueEmails(h.services.ctx, transport);
    smtp.messages.length = 0;

    h.clock.advance(7 * DAY - 4 * 3600_000);
    expect(await runDueJobs(h.services.ctx)).toMatchObject({ inactive: 2, digests: 1 });
    await sendDueEmails(h.services.ctx, transport);
    expect(smtp.messages.map((m) => m.to)).toEqual([['partner1@reseller.test']]);
    const digest = smtp.messages[0]!;
    expect(digest.subject).toBe('2 provkonton att följa upp 2026-05-11');
    expect(digest.text).toContain('Inte använda på sju dagar');
    expect(digest.text).toContain('Brf Tystnaden');
    expect(digest.text).toContain('Brf Stillheten');
    expect(digest.text).toContain('Ingen inloggning');

    // Two more fall quiet later that day: the other reseller gets its first digest, this one waits for tomorrow.
    h.clock.advance(4 * 3600_000);
    expect(await runDueJobs(h.services.ctx)).toMatchObject({ inactive: 2, digests: 1 });
    smtp.messages.length = 0;
    await sendDueEmails(h.services.ctx, transport);
    expect(smtp.messages.map((m) => m.to)).toEqual([['partner2@reseller.test']]);
    h.clock.advance(DAY);
    expect(await runDueJobs(h.services.ctx)).toMatchObject({ inactive: 0, digests: 1 });
    smtp.messages.length = 0;
    await sendDueEmails(h.services.ctx, transport);
    expect(smtp.messages.map((m) => m.to)).toEqual([['partner1@reseller.test']]);
    expect(smtp.messages[0]!.subject).toBe('1 provkonto att följa upp 2026-05-12');
    expect(smtp.messages[0]!.text).toContain('Brf Sent');
    expect(smtp.messages[0]!.text).not.toContain('Brf Tystnaden');

    // Nothing new: no digest the next day.
    h.clock.advance(DAY);
    expect((await runDueJobs(h.services.ctx)).digests).toBe(0);
  });

  it("links the digest to the reseller's back office once the vendor has set where that is", async () => {
    const r = await h.reseller();
    const portal = 'https://pms.example/aterforsaljning?flik=provkonton';
    const refused = await h.call('PATCH', `/v1/admin/resellers/${r.id}`, { key: TEST_ADMIN_KEY, body: { portalUrl: 'javascript:alert(1)' } });
    expect(refused.status).toBe(400);
    const set = await h.call('PATCH', `/v1/admin/resellers/${r.id}`, { key: TEST_ADMIN_KEY, body: { portalUrl: portal } });
    expect(set.status).toBe(200);
    expect(set.body.portalUrl).toBe(portal);
    const org = await h.call('POST', '/v1/organizations', { key: r.key, body: { name: 'Brf Länken' } });
    await h.call('POST', '/v1/trials', { key: r.key, body: { organizationId: org.body.id, customerType: 'brf', users: [{ email: 'styrelsen@lanken.test' }] } });
    await sendDueEmails(h.services.ctx, transport);
    smtp.messages.length = 0;

    h.clock.advance(8 * DAY);
    await runDueJobs(h.services.ctx);
    await sendDueEmails(h.services.ctx, transport);
    const digest = smtp.messages.find((m) => m.text.includes('Brf Länken'))!;
    expect(digest.text).toContain(`Öppna Provkonton:\n${portal}`);
    expect(digest.html).toContain(`href="${portal.replace('&', '&amp;')}"`);

    // Cleared again: the next digest says where to look instead of linking.
    expect((await h.call('PATCH', `/v1/admin/resellers/${r.id}`, { key: TEST_ADMIN_KEY, body: { portalUrl: null } })).body.portalUrl).toBeNull();
  });
});
