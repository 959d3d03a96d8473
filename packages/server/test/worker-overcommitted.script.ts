/**
 * Run by worker-overcommitted.test.ts in a child process of its own, as it can hang: a worker with one slot, its one
 * delivery held by the receiver, is handed at COMMIT a delivery it has no room for, and gives it back (a task that takes
 * a slot without asking: free slots -1) while its loop is woken. Exits 0 once both deliveries have been stored as sent
 * and the worker has stopped. `node … <dialect>`
 */
import { recordEvent } from '../src/outbox/record.js';
import { createWebhookWorker } from '../src/webhooks/delivery/worker.js';
import { createHarness } from '@resellerkit/dev-env/harness';
import type { TestDialect } from '@resellerkit/dev-env/stores';
import { startReceiver } from './webhook-receiver.js';

const until = async (done: () => boolean | Promise<boolean>) => {
  while (!(await done())) await new Promise((resolve) => setTimeout(resolve, 10));
};

const h = await createHarness(process.argv[2] as TestDialect, { env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
let release!: () => void;
const held = new Promise<void>((resolve) => (release = resolve));
const rx = await startReceiver(async () => {
  await held;
  return { status: 200 };
});
const r = await h.reseller();
await h.call('POST', '/v1/webhook-endpoints', { key: r.key, body: { url: rx.url, enabledEvents: ['trial.created'] } });
const worker = createWebhookWorker(h.services, { concurrency: 1, perEndpoint: 1, timeoutMs: 5000 });
h.services.ctx.handoff.register(worker.taker, () => {});
worker.start(20);
const record = (trialId: string) => (tx: Parameters<typeof recordEvent>[0]) => recordEvent(tx, h.clock.now().toISOString(), { type: 'trial.created', resellerId: r.id, data: { id: trialId } });
// Written while the worker has room, so leased to it; committed once its one slot is taken.
let commit!: () => void;
const handedLate = h.services.ctx.db.transaction().execute(async (tx) => {
  await record('trial_late')(tx);
  await new Promise<void>((resolve) => (commit = resolve));
});
await h.services.ctx.db.transaction().execute(record('trial_held'));
await until(() => rx.open === 1);
commit();
await handedLate;
setTimeout(release, 200);
const sent = () => h.services.ctx.db.selectFrom('webhook_deliveries').select('status').where('status', '=', 'succeeded').execute();
await until(async () => (await sent()).length === 2);
await worker.stop();
await rx.close();
await h.close();
console.log('sent and stopped');
