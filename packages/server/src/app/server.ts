/** @module Runs the service: HTTP API plus the in-process workers (scheduler, mail), with graceful shutdown. */
import { serve, type ServerType } from '@hono/node-server';
import { createApp, type AppOptions } from './create-app.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { startScheduler } from '../scheduler/jobs.js';
import { sendDueEmails } from '../mail/sender.js';
import { archiveWidgetBundle } from '../modules/widget-releases/service.js';
import { openServices, type Services } from './services.js';
import { startWebhookWorker } from '../webhooks/delivery/worker.js';

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  close(): Promise<void>;
}

export interface ServerOptions {
  config: Config;
  clock?: Clock;
  /** Run the scheduler and the mail worker in this process (the default for `serve`). */
  workers?: boolean;
  /** How often the workers look for due work. */
  workerIntervalMs?: number;
  extend?: AppOptions['extend'];
  resolvers?: AppOptions['resolvers'];
  /** `serve --demo`: the development routes (see AppOptions.demo). */
  demo?: boolean;
}

/** Polls the mail outbox; a failed round is logged and retried on the next tick. */
export function startMailWorker(services: Services, intervalMs: number, onError: (e: unknown) => void): () => Promise<void> {
  let current: Promise<unknown> = Promise.resolve();
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    current = sendDueEmails(services.ctx, services.ctx.mailer)
      .catch(onError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await current;
  };
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const services = await openServices(opts.config, { clock: opts.clock });
  const log = services.ctx.logger;
  const app = createApp({
    ctx: services.ctx,
    resolvers: opts.resolvers,
    log,
    logError: (err, requestId) => log.error({ err, requestId }, 'unhandled error'),
    demo: opts.demo,
    extend: opts.extend,
  });
  // Before the first page can pin it: this build's widget stays served under its version after later deploys.
  await archiveWidgetBundle(services.ctx);
  const stops: (() => unknown)[] = [];
  if (opts.workers ?? true) {
    const every = opts.workerIntervalMs ?? 1000;
    stops.push(startScheduler(services.ctx, Math.max(every, 1000) * 30, (e) => log.error({ err: e }, 'scheduler round failed')));
    stops.push(startMailWorker(services, every, (e) => log.error({ err: e }, 'mail round failed')));
    const webhooks = startWebhookWorker(services, { pollMs: every, onError: (e) => log.error({ err: e }, 'webhook delivery failed') });
    stops.push(() => webhooks.stop());
  }
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.config.PORT, hostname: process.env.HOST || undefined }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.config.PORT;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    services,
    async close() {
      for (const stop of stops) await stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      services.ctx.planFiles.close();
      services.ctx.mailer?.close();
      await services.store.destroy();
    },
  };
}
