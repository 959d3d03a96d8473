/**
 * @module The reseller backend's routes: widget sessions for its partner page, verified webhooks into the mirror.
 *
 * The API key stays here: the browser only ever sees a short-lived widget session token.
 */
import { APIError, verifyWebhook, WebhookVerificationError, type ResellerKit, type WebhookEvent } from '@resellerkit/sdk';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { Mirror } from './mirror.js';

export interface ExampleAppOptions {
  rk: ResellerKit;
  mirror: Mirror;
  webhookSecret: string;
  pageOrigin: string;
}

export function createExampleApp({ rk, mirror, webhookSecret, pageOrigin }: ExampleAppOptions): Hono {
  const app = new Hono();

  app.get('/healthz', (c) => c.json({ ok: true }));

  // The partner page calls this from its own origin; only that origin may (CORS), and the token is bound to it.
  app.use('/session', cors({ origin: pageOrigin, allowMethods: ['POST'] }));
  app.post('/session', async (c) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && origin !== pageOrigin) return c.json({ error: `origin ${origin} is not this backend's page` }, 403);
    // A real backend checks its own signed-in user here before handing out a session.
    try {
      const session = await rk.widgetSessions.create({ origin: pageOrigin });
      c.header('cache-control', 'no-store');
      return c.json(session, 201);
    } catch (err) {
      if (err instanceof APIError) return c.json({ error: `resellerkit refused the session: ${err.message}` }, 502);
      throw err;
    }
  });

  // Verification needs the body exactly as sent: read raw bytes, never c.req.json() and re-serialise.
  app.post('/webhooks', bodyLimit({ maxSize: 1024 * 1024 }), async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    let event: WebhookEvent;
    try {
      event = await verifyWebhook(raw, c.req.raw.headers, webhookSecret);
    } catch (err) {
      if (err instanceof WebhookVerificationError) return c.json({ error: err.message }, 400);
      throw err;
    }
    const webhookId = c.req.header('webhook-id')!;
    mirror.once(webhookId, () => apply(mirror, event));
    return c.body(null, 204);
  });

  app.get('/accounts', (c) => c.json({ data: mirror.all() }));

  return app;
}

/** Folds one event into the mirror; `event.type` narrows `event.data`. Types the mirror does not keep (users, orders in progress, revenue) are acknowledged and ignored. */
function apply(mirror: Mirror, event: WebhookEvent): void {
  const at = event.timestamp;
  switch (event.type) {
    case 'trial.created':
    case 'trial.extended':
    case 'trial.expiring':
    case 'trial.expired':
    case 'trial.cancelled':
      mirror.trial(event.data, at);
      return;
    case 'trial.purged':
      mirror.trial({ id: event.data.trialId, status: 'purged' }, at);
      return;
    case 'order.approved':
      // Approval converts the trial in the same transaction; the event carries the order.
      mirror.trial({ id: event.data.trialId, status: 'converted' }, at);
      return;
    case 'customer.created':
      mirror.trial({ id: event.data.trialId, status: 'converted' }, at);
      mirror.customer(event.data, at);
      return;
    case 'customer.renewed':
    case 'customer.cancelled':
      mirror.customer(event.data, at);
      return;
  }
}
