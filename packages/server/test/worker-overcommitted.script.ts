/**
 * Run by worker-overcommitted.test.ts in a child process of its own, as it can hang: a worker with one slot, its one
 * delivery held by the receiver, is handed an event to read back (a task that takes a slot without asking) and woken.
 * Exits 0 once the delivery has been stored as sent and the worker has stopped. `node … <dialect>`
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
worker.start(20);
await h.services.ctx.db.transaction().execute((tx) => recordEvent(tx, h.clock.now().toISOString(), { type: 'trial.created', resellerId: r.id, data: { id: 'trial_held' } }));
await until(() => rx.open === 1);
// Its one slot is taken: the read-back's task makes the worker's free slots -1, and the wake-up runs its loop.
worker.taker.takeEvent({ id: 'evt_committed_elsewhere', type: 'trial.created', data: '{}', created_at: h.clock.now().toISOString() });
worker.wakeUp();
setTimeout(release, 200);
const sent = () => h.services.ctx.db.selectFrom('webhook_deliveries').select('status').where('status', '=', 'succeeded').execute();
await until(async () => (await sent()).length === 1);
await worker.stop();
await rx.close();
await h.close();
console.log('sent and stopped');
