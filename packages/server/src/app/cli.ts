#!/usr/bin/env node
/** @module The `resellerkit` command: serve, worker, migrate, create-reseller, create-api-key, seed-demo. */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { ResellerInput } from '../contract/resellers.js';
import { DEMO_ADMIN_KEY, DEMO_RESELLER_KEY, ensureDemoConsumer, seedDemo } from '../demo/seed.js';
import { startScheduler } from '../scheduler/jobs.js';
import { createApiKey, createReseller } from '../modules/vendor/service.js';
import { startMailWorker, startServer } from './server.js';
import { openServices } from './services.js';
import { startWebhookWorker } from '../webhooks/delivery/worker.js';

const HELP: Record<string, string> = {
  serve: 'resellerkit serve [--demo] [--no-workers]\n  Start the HTTP API with the scheduler, mail and webhook workers on $PORT (8787).\n  --demo        seed demo data, mount the development pages (/dev/mail, /dev/webhooks, the demo page) and use the\n                well-known demo keys when RESELLERKIT_ADMIN_KEY is unset; refused when NODE_ENV=production.\n  --no-workers  serve the API only; run background work in separate `resellerkit worker` processes.',
  worker: 'resellerkit worker\n  Run only the background work (scheduler, e-mail, webhook delivery) against $DATABASE_URL; start as many as you like.',
  migrate: 'resellerkit migrate\n  Bring the store at $DATABASE_URL to the latest schema.',
  'create-reseller': 'resellerkit create-reseller --name NAME --org-number 556677-8899 --email EMAIL --discount PERCENT [--origin URL ...] [--portal-url URL]\n  Create a reseller and print it as JSON. --origin: a page origin allowed to embed the widget (repeatable); --portal-url:\n  the page of the reseller\'s own system where it runs the back office, linked from the daily trial digest.',
  'create-api-key': 'resellerkit create-api-key --reseller res_... [--name NAME]\n  Create an API key for a reseller; the key is printed once.',
  'seed-demo': 'resellerkit seed-demo\n  Seed the demo reseller, licences, organizations, trials and a customer (idempotent).',
};
const USAGE = `Usage: resellerkit <command> [options]\n\nCommands:\n${Object.values(HELP)
  .map((h) => '  ' + h.split('\n')[0])
  .join('\n')}\n\nRun "resellerkit <command> --help" for details. Configuration comes from the environment (see docs/operations.md).`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

/** The create-reseller option a field of the API's schema came from (`allowedOrigins.1` → `--origin`). */
const RESELLER_OPTIONS: Record<string, string> = { name: '--name', orgNumber: '--org-number', contactEmail: '--email', discountPercent: '--discount', allowedOrigins: '--origin', portalUrl: '--portal-url' };
function optionOf(path: readonly PropertyKey[]): string {
  const field = String(path[0] ?? '');
  return RESELLER_OPTIONS[field] ?? field;
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') return void process.stdout.write(`${USAGE}\n`);
  if (!HELP[command]) fail(`Unknown command '${command}'.\n\n${USAGE}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      help: { type: 'boolean', short: 'h' },
      demo: { type: 'boolean' },
      'no-workers': { type: 'boolean' },
      name: { type: 'string' },
      'org-number': { type: 'string' },
      email: { type: 'string' },
      discount: { type: 'string' },
      origin: { type: 'string', multiple: true },
      reseller: { type: 'string' },
      'portal-url': { type: 'string' },
    },
    strict: true,
  });
  if (values.help) return void process.stdout.write(`${HELP[command]}\n`);

  const env = { ...process.env };
  // The demo seeds a reseller with a well-known key and mounts unauthenticated development pages.
  if (values.demo && env.NODE_ENV === 'production') fail('--demo is refused when NODE_ENV=production.');
  if (values.demo && !env.RESELLERKIT_ADMIN_KEY) env.RESELLERKIT_ADMIN_KEY = DEMO_ADMIN_KEY;
  // A demo terminal shows the banner, not a JSON access-log line per click; LOG_LEVEL=info brings them back.
  if (values.demo) env.LOG_LEVEL ??= 'warn';
  // The demo sells Planima (its seeded licences): its mails are branded so unless VENDOR_NAME says otherwise.
  if (values.demo) env.VENDOR_NAME ??= 'Planima';
  // The demo subscribes its own built-in consumer on this machine.
  if (values.demo) env.WEBHOOK_ALLOW_PRIVATE ??= 'true';
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message);
    throw e;
  }

  switch (command) {
    case 'serve':
      return serveCommand(config, !!values.demo, !values['no-workers']);
    case 'worker':
      return workerCommand(config);
    case 'migrate': {
      const s = await openServices(config);
      await s.store.destroy();
      return void process.stdout.write(`Migrated ${config.DATABASE_URL}\n`);
    }
    case 'seed-demo': {
      const s = await openServices(config);
      const r = await seedDemo(s.ctx);
      await s.store.destroy();
      return void process.stdout.write(r.seeded ? `Seeded demo reseller ${r.resellerId}; key ${DEMO_RESELLER_KEY}\n` : 'Demo data already present.\n');
    }
    case 'create-reseller': {
      if (!values.name || !values['org-number'] || !values.email || !values.discount) fail(HELP['create-reseller']!);
      // The API's own schema: what is stored is what `POST /v1/admin/resellers` would have stored (origins normalised
      // as browsers send them), and what it refuses is refused here, naming the option.
      const input = ResellerInput.safeParse({
        name: values.name,
        orgNumber: values['org-number'],
        contactEmail: values.email,
        discountPercent: /^\s*\d+(\.\d+)?\s*$/.test(values.discount) ? Number(values.discount) : values.discount,
        allowedOrigins: values.origin,
        portalUrl: values['portal-url'],
      });
      if (!input.success) {
        const percent = (i: { path: readonly PropertyKey[]; code: string }) => i.path[0] === 'discountPercent' && i.code === 'invalid_type';
        fail(input.error.issues.map((i) => `${optionOf(i.path)}: ${percent(i) ? 'must be a percentage such as 20 or 12.5' : i.message}`).join('\n'));
      }
      const s = await openServices(config);
      const r = await createReseller(s.ctx, input.data);
      await s.store.destroy();
      return void process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    }
    case 'create-api-key': {
      if (!values.reseller) fail(HELP['create-api-key']!);
      const s = await openServices(config);
      const k = await createApiKey(s.ctx, values.reseller, values.name ?? 'cli');
      await s.store.destroy();
      return void process.stdout.write(`${JSON.stringify(k, null, 2)}\n`);
    }
  }
}

async function serveCommand(config: Config, demo: boolean, workers: boolean) {
  const running = await startServer({ config, workers, demo });
  // Handlers first: whoever waits for the banner may signal at once.
  onShutdown(() => running.close());
  if (demo) {
    // The demo page's own origins, this time: a store seeded while the demo ran on another port keeps working.
    const r = await seedDemo(running.services.ctx, { origins: [new URL(config.PUBLIC_URL).origin, `http://localhost:${running.port}`, `http://127.0.0.1:${running.port}`] });
    if (config.NODE_ENV !== 'production') await ensureDemoConsumer(running.services.ctx, r.resellerId);
    process.stdout.write(
      `\nresellerkit demo${r.seeded ? ' (seeded just now)' : ''}, listening on ${running.url}\n` +
        `  API            ${config.PUBLIC_URL}\n  API reference  ${config.PUBLIC_URL}/docs\n  Dev mailbox    ${config.PUBLIC_URL}/dev/mail\n  Webhook log    ${config.PUBLIC_URL}/dev/webhooks\n` +
        `  Store          ${config.DATABASE_URL}\n` +
        `  Vendor admin key  ${config.RESELLERKIT_ADMIN_KEY === DEMO_ADMIN_KEY ? DEMO_ADMIN_KEY : '(from RESELLERKIT_ADMIN_KEY)'}\n` +
        `  Reseller API key  ${DEMO_RESELLER_KEY}\n\n`,
    );
  } else {
    process.stdout.write(`resellerkit listening on ${running.url} (store: ${running.services.store.dialect})\n`);
  }
}

async function workerCommand(config: Config) {
  const services = await openServices(config);
  const log = (e: unknown) => process.stderr.write(`worker: ${String((e as Error)?.message ?? e)}\n`);
  const stopScheduler = startScheduler(services.ctx, 30_000, log);
  const stopMail = startMailWorker(services, 1000, log);
  // WEBHOOK_LEASE_MS: how long a claimed delivery stays with this worker if it dies (default 60 s; tests shorten it).
  const webhooks = startWebhookWorker(services, { onError: log, leaseMs: Number(process.env.WEBHOOK_LEASE_MS) || undefined });
  onShutdown(async () => {
    stopScheduler();
    await stopMail();
    await webhooks.stop();
    services.ctx.mailer?.close();
    await services.store.destroy();
  });
  // Announced only once the handlers are in place: whoever waits for this line may signal at once.
  process.stdout.write(`resellerkit worker running (store: ${services.store.dialect})\n`);
}

/** SIGTERM/SIGINT: stop taking work, finish what is in flight, exit 0; a second signal or 10 s forces exit. */
function onShutdown(close: () => Promise<unknown>) {
  let closing = false;
  const handler = () => {
    if (closing) process.exit(1);
    closing = true;
    setTimeout(() => process.exit(1), 10_000).unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

main(process.argv.slice(2)).catch((e) => {
  // The store can refuse the configuration too (a signing key sealed with a secret key that is not configured).
  if (e instanceof ConfigError) fail(e.message);
  process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
