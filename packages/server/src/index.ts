/** @module The server's public entry: what the CLI's neighbours (tests, dev-env, bench) start and configure it with. */
export { createApp, type App, type AppOptions } from './app/create-app.js';
export { ManualClock, systemClock, type Clock } from './clock.js';
export { ConfigError, loadConfig, type Config } from './config.js';
export { openStore, type Store } from './db/connect.js';
export { migrate } from './db/migrate.js';
/** A queued mail drawn as the mail worker sends it: tests and benches read invitation links from it. */
export { queuedParts } from './mail/outbox.js';
export { startServer, type RunningServer, type ServerOptions } from './app/server.js';
export { openServices, type Services } from './app/services.js';
