/**
 * @module Renewal notices from two real `resellerkit worker` processes on one PostgreSQL: each customer's coming
 * renewal is announced exactly once (one event, one e-mail over real SMTP), though both schedulers find it due at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, submittedOrder, TEST_ADMIN_KEY, type Harness } from '@resellerkit/dev-env/harness';
import { spawnService, type ServiceProcess } from '@resellerkit/dev-env/processes';
import { startSmtpReceiver } from '@resellerkit/dev-env/smtp';
import { runDueJobs } from '../src/scheduler/jobs.js';

const DAY = 86_400_000;
const CUSTOMERS = 6;

// Several processes share a store only on PostgreSQL (docs/operations.md); SQLite runs one.
describe.skipIf(!process.env.TEST_DATABASE_URL)('renewal notices from two worker processes on PostgreSQL', () => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  const workers: ServiceProcess[] = [];
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    // The workers run on the real clock: the customers are approved 340 days ago, so their renewals are 25 days off.
    h = await createHarness('postgres', { clockStart: new Date(Date.now() - 340 * DAY).toISOString() });
  });
  afterAll(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    await smtp?.close();
    await h?.close();
  });

  it('announces each renewal once: one event and one e-mail per customer', { timeout: 120_000 }, async () => {
    const r = await h.reseller();
    const licence = await h.licence('brf', 1_200_000);
    const customers: string[] = [];
    for (let i = 0; i < CUSTOMERS; i++) {
      const ids = await submittedOrder(h, r, licence.id, `Brf Process ${i}`);
      customers.push((await h.call('POST', `/v1/admin/orders/${ids.orderId}/approve`, { key: TEST_ADMIN_KEY })).body.customer.id);
    }
    const env = { DATABASE_URL: h.config.DATABASE_URL, RESELLERKIT_ADMIN_KEY: TEST_ADMIN_KEY, NODE_ENV: 'test', LOG_LEVEL: 'silent', SMTP_URL: smtp.url, MAIL_FROM: 'Planima <noreply@planima.test>' };
    // Both start their scheduler at once on start-up: the race the claim has to settle.
    workers.push(...(await Promise.all([spawnService('worker', env), spawnService('worker', env)])));

    const notices = () => h.services.ctx.db.selectFrom('events').select('data').where('type', '=', 'customer.renewal_upcoming').execute();
    const mails = () => smtp.messages.filter((m) => m.subject.startsWith('Licensen för Brf Process'));
    const deadline = Date.now() + 60_000;
    while ((await notices()).length < CUSTOMERS || mails().length < CUSTOMERS) {
      if (Date.now() > deadline) throw new Error(`notices ${(await notices()).length}, mails ${mails().length}\n${workers.map((w) => w.output()).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // A third scheduler, and time for any duplicate to surface, change nothing.
    h.clock.set(new Date());
    expect((await runDueJobs(h.services.ctx)).renewalNotices).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 3000));

    const announced = (await notices()).map((n) => JSON.parse(n.data).id as string);
    expect(announced.sort()).toEqual([...customers].sort());
    expect(mails()).toHaveLength(CUSTOMERS);
    expect(mails().every((m) => m.to.length === 1 && m.to[0] === 'partner1@reseller.test')).toBe(true);
    expect(mails()[0]!.text).toContain('förnyas');
    expect(mails()[0]!.text).toContain('9600,00 kr');
  });
});
